import { InMemoryCache } from '@apollo/client';

/**
 * The normalized cache. Entities with an `id` are keyed by it (Tenant, User, Instance,
 * InstanceOperation, Backup, Invoice ...); the others get stable keys here, so a live event
 * or a mutation result updates every view of the same object.
 */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      // A plan is known by its code.
      Plan: { keyFields: ['code'] },
      // A membership is one user in one tenant.
      Membership: { keyFields: ['tenant', ['id'], 'user', ['id']] },
      // Values that belong to their parent, replaced whole when fetched again.
      Entitlements: { keyFields: false, merge: true },
      Usage: { keyFields: false },
      InstanceStatusEvent: { keyFields: false },
      Tenant: {
        fields: {
          members: { merge: false },
          invitations: { merge: false },
        },
      },
      Instance: {
        fields: {
          operations: { merge: false },
          backups: { merge: false },
        },
      },
    },
  });
}
