import { graphql } from '../../../__generated__';

export const INSTANCE_STAGINGS = graphql(`
  query InstanceStagings($id: ID!) {
    instance(id: $id) {
      id
      stagings {
        id
        name
        subdomain
        url
        status
        stagingExpiresAt
      }
    }
  }
`);

export const CAUGHT_MAILS = graphql(`
  query CaughtMails($id: ID!) {
    instance(id: $id) {
      id
      caughtMails(first: 20) {
        totalCount
        edges {
          node {
            id
            from
            to
            subject
            at
          }
        }
      }
    }
  }
`);

export const CREATE_STAGING = graphql(`
  mutation CreateStaging($input: CreateStagingInput!) {
    createStaging(input: $input) {
      ...OperationFields
      instance {
        ...InstanceFields
      }
    }
  }
`);

export const REFRESH_STAGING = graphql(`
  mutation RefreshStaging($id: ID!) {
    refreshStaging(id: $id) {
      ...OperationFields
      instance {
        ...InstanceFields
      }
    }
  }
`);
