import { requireViewer } from '@saas/auth';
import type { Viewer } from '@saas/auth';
import type { BillingContext } from '../context';
import type { Actor } from '../services/audit';

/** The signed-in caller and how the audit log names them. */
export function callerOf(context: BillingContext): { viewer: Viewer; actor: Actor } {
  const viewer = requireViewer(context.identity);
  return { viewer, actor: { userId: viewer.userId, ip: context.ip } };
}
