import { graphql } from '../../__generated__';

/** What every view of an operation shows; live progress updates it through the cache. */
export const OPERATION_FIELDS = graphql(`
  fragment OperationFields on InstanceOperation {
    id
    type
    status
    progress
    message
    error
    createdAt
    finishedAt
  }
`);

/** What every view of an instance shows; live status events carry the same fields. */
export const INSTANCE_FIELDS = graphql(`
  fragment InstanceFields on Instance {
    id
    name
    subdomain
    url
    directUrl
    odooVersion
    status
    statusMessage
    updatedAt
    currentOperation {
      ...OperationFields
    }
  }
`);

export const TENANT_INSTANCES = graphql(`
  query TenantInstances($tenantId: ID!) {
    tenant(id: $tenantId) {
      id
      name
      viewerRole
      instances(first: 50) {
        totalCount
        edges {
          node {
            ...InstanceFields
          }
        }
      }
    }
  }
`);

export const INSTANCE_STATUS_CHANGED = graphql(`
  subscription InstanceStatusChanged($tenantId: ID!, $instanceId: ID) {
    instanceStatusChanged(tenantId: $tenantId, instanceId: $instanceId) {
      status
      previousStatus
      sequence
      at
      instance {
        ...InstanceFields
      }
    }
  }
`);

export const OPERATION_PROGRESS = graphql(`
  subscription OperationProgress($operationId: ID!) {
    operationProgress(operationId: $operationId) {
      ...OperationFields
    }
  }
`);

export const CREATE_INSTANCE_OPTIONS = graphql(`
  query CreateInstanceOptions($tenantId: ID!) {
    odooVersions
    tenant(id: $tenantId) {
      id
      entitlements {
        planCode
        maxInstances
        allowedOdooVersions
        canCreateInstances
      }
      instances(first: 1) {
        totalCount
      }
    }
  }
`);

export const CREATE_INSTANCE = graphql(`
  mutation CreateInstance($input: CreateInstanceInput!) {
    createInstance(input: $input) {
      ...OperationFields
      instance {
        ...InstanceFields
      }
    }
  }
`);

export const INSTANCE_PAGE = graphql(`
  query InstancePage($id: ID!) {
    instance(id: $id) {
      ...InstanceFields
      modules
      createdAt
      hibernationDisabled
      hibernateAfterMinutes
      stagingOf {
        id
        name
      }
      stagingExpiresAt
      tenant {
        id
        viewerRole
      }
      operations(first: 10) {
        ...OperationFields
      }
    }
  }
`);

export const START_INSTANCE = graphql(`
  mutation StartInstance($id: ID!) {
    startInstance(id: $id) {
      ...OperationFields
      instance {
        ...InstanceFields
      }
    }
  }
`);

export const STOP_INSTANCE = graphql(`
  mutation StopInstance($id: ID!) {
    stopInstance(id: $id) {
      ...OperationFields
      instance {
        ...InstanceFields
      }
    }
  }
`);

export const RESTART_INSTANCE = graphql(`
  mutation RestartInstance($id: ID!) {
    restartInstance(id: $id) {
      ...OperationFields
      instance {
        ...InstanceFields
      }
    }
  }
`);

export const DELETE_INSTANCE = graphql(`
  mutation DeleteInstance($id: ID!) {
    deleteInstance(id: $id) {
      ...OperationFields
      instance {
        ...InstanceFields
      }
    }
  }
`);

export const INSTANCE_BACKUPS = graphql(`
  query InstanceBackups($id: ID!) {
    instance(id: $id) {
      id
      backups {
        id
        status
        sizeBytes
        checksum
        createdAt
        completedAt
        expiresAt
        kind
        verification
        verifiedAt
        verificationError
        downloadUrl
      }
    }
  }
`);

export const BACKUP_INSTANCE = graphql(`
  mutation BackupInstance($id: ID!) {
    backupInstance(id: $id) {
      ...OperationFields
      instance {
        ...InstanceFields
      }
    }
  }
`);

export const RESTORE_INSTANCE = graphql(`
  mutation RestoreInstance($id: ID!, $backupId: ID!) {
    restoreInstance(id: $id, backupId: $backupId) {
      ...OperationFields
      instance {
        ...InstanceFields
      }
    }
  }
`);
