import { graphql } from '../../../__generated__';

export const DOMAIN_FIELDS = graphql(`
  fragment DomainFields on InstanceDomain {
    id
    domain
    status
    dnsTarget
    error
  }
`);

export const INSTANCE_DOMAINS = graphql(`
  query InstanceDomains($id: ID!) {
    instance(id: $id) {
      id
      domains {
        ...DomainFields
      }
    }
  }
`);

export const ADD_INSTANCE_DOMAIN = graphql(`
  mutation AddInstanceDomain($instanceId: ID!, $domain: String!) {
    addInstanceDomain(instanceId: $instanceId, domain: $domain) {
      ...DomainFields
    }
  }
`);

export const VERIFY_INSTANCE_DOMAIN = graphql(`
  mutation VerifyInstanceDomain($id: ID!) {
    verifyInstanceDomain(id: $id) {
      ...DomainFields
    }
  }
`);

export const REMOVE_INSTANCE_DOMAIN = graphql(`
  mutation RemoveInstanceDomain($id: ID!) {
    removeInstanceDomain(id: $id)
  }
`);
