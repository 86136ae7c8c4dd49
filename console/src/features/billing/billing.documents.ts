import { graphql } from '../../__generated__';

export const BILLING = graphql(`
  query Billing($tenantId: ID!) {
    plans {
      code
      name
      priceCents
      currency
      interval
      maxInstances
      cpuMillicores
      memoryMb
      storageGb
      allowedOdooVersions
      backupRetentionDays
      includedInstanceHours
      trialDays
    }
    tenant(id: $tenantId) {
      id
      viewerRole
      subscription {
        id
        status
        currentPeriodStart
        currentPeriodEnd
        trialEndsAt
        canceledAt
        suspendedAt
        plan {
          code
          name
        }
      }
      usage {
        period
        instanceHours
        instances {
          seconds
          instance {
            id
            name
          }
        }
      }
    }
  }
`);

export const INVOICES = graphql(`
  query Invoices($tenantId: ID!) {
    tenant(id: $tenantId) {
      id
      invoices(first: 24) {
        totalCount
        edges {
          node {
            id
            number
            status
            currency
            totalCents
            periodStart
            periodEnd
            dueAt
            paidAt
          }
        }
      }
    }
  }
`);

export const SUBSCRIBE_TENANT = graphql(`
  mutation SubscribeTenant($tenantId: ID!, $planCode: String!) {
    subscribeTenant(tenantId: $tenantId, planCode: $planCode) {
      id
      status
      currentPeriodEnd
      plan {
        code
        name
      }
      tenant {
        id
      }
    }
  }
`);
