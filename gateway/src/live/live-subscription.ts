import type { Viewer } from '@saas/auth';
import type { Role } from '@saas/authz';
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { PushIterator } from './push-iterator';
import type { SubscriberOutlet } from './subscriber-outlet';

export type LiveField = 'instanceStatusChanged' | 'operationProgress' | 'instanceLogs';

/** One client subscription, authorized and attached to its tenant's events. */
export interface LiveSubscription {
  id: string;
  viewer: Viewer;
  tenantId: string;
  role: Role;
  field: LiveField;
  /** `instanceStatusChanged(instanceId:)` filter, if given; `instanceLogs(instanceId:)`. */
  instanceId: string | null;
  /** `operationProgress(operationId:)`. */
  operationId: string | null;
  document: DocumentNode;
  /** The document as text, part of the group key. */
  source: string;
  variables: Record<string, unknown>;
  /** The variables that can change a result (all but one used only for `after`): part of the group key. */
  groupVariables?: Record<string, unknown>;
  operationName: string | null;
  /** `instanceStatusChanged(after:)` / `operationProgress(after:)`: the cursor to resume after. */
  after?: string | null;
  /** Where a status subscription without `after` started (see newestStatusCursor). */
  baseline?: string;
  /** `instanceLogs(tail:)`: how many earlier lines to send first. */
  tail?: number;
  iterator: PushIterator<ExecutionResult>;
  /** Where events for it go: repeats dropped, held while history is replayed or its group changes. */
  outlet: SubscriberOutlet;
  /** The socket's client address, forwarded with every fetch made for it (audit, rate limits). */
  clientIp: string;
}
