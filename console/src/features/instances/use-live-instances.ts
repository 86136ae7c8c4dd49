import { useSubscription } from '@apollo/client/react';
import { INSTANCE_STATUS_CHANGED } from './instances.documents';

/**
 * Status changes of a tenant's instances (or one of them) while the page is open. Each event
 * carries the instance's fields, which Apollo's cache merges into every view of it, so lists
 * and pages change without a reload.
 */
export function useLiveInstances(tenantId: string | undefined, instanceId?: string) {
  return useSubscription(INSTANCE_STATUS_CHANGED, {
    variables: { tenantId: tenantId ?? '', instanceId },
    skip: !tenantId,
  });
}
