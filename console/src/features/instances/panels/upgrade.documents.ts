import { graphql } from '../../../__generated__';

export const ODOO_VERSIONS = graphql(`
  query OdooVersions {
    odooVersions
  }
`);

export const UPGRADE_INSTANCE = graphql(`
  mutation UpgradeInstance($input: UpgradeInstanceInput!) {
    upgradeInstance(input: $input) {
      ...OperationFields
      instance {
        ...InstanceFields
      }
    }
  }
`);
