import { graphql } from '../../../__generated__';

export const INSTANCE_LOGS = graphql(`
  subscription InstanceLogs($instanceId: ID!, $tail: Int) {
    instanceLogs(instanceId: $instanceId, tail: $tail) {
      at
      stream
      line
    }
  }
`);
