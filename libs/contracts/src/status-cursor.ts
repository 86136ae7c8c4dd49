import { createHash } from 'node:crypto';

/**
 * The cursor of an instance status change: which change of which instance (its `sequence`),
 * opaque to clients (base64url). The instance subgraph resolves it to the change's position
 * in its tenant's history; the gateway's live layer puts it on every event it pushes.
 */
export function encodeStatusCursor(instanceId: string, sequence: number): string {
  return Buffer.from(`s1:${instanceId}:${sequence}`, 'utf8').toString('base64url');
}

const STATUS_CURSOR = /^s1:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([1-9]\d{0,9})$/;

/** The change a cursor names, or null when it is not one we issued. */
export function decodeStatusCursor(cursor: string): { instanceId: string; sequence: number } | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const match = STATUS_CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? { instanceId: match[1] as string, sequence: Number(match[2]) } : null;
}

/**
 * The cursor of one state of an operation (status, progress, step message): the same state
 * gives the same cursor, so a resuming `operationProgress(after:)` can skip what it has.
 */
export function operationCursorOf(operation: { id: string; status: string; progress: number; attempts: number; message: string | null; error: string | null }): string {
  const state = JSON.stringify([operation.id, operation.status, operation.progress, operation.attempts, operation.message, operation.error]);
  return Buffer.from(`o1:${createHash('sha256').update(state).digest('base64url').slice(0, 22)}`, 'utf8').toString('base64url');
}
