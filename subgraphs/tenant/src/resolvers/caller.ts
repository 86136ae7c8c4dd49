import { requireViewer, type Viewer } from '@saas/auth';
import type { TenantContext } from '../context';
import type { Caller } from '../services/audit-recorder';

/** The signed-in viewer (UNAUTHENTICATED otherwise) and who to record in the audit log. */
export function callerOf(context: TenantContext): { viewer: Viewer; caller: Caller } {
  const viewer = requireViewer(context.identity);
  return { viewer, caller: { userId: viewer.userId, ip: context.ip } };
}
