import { graphql } from '../../__generated__';

export const ME = graphql(`
  query Me {
    me {
      id
      email
      emailVerified
      displayName
      locale
      timeZone
      memberships {
        role
        user {
          id
        }
        tenant {
          id
          slug
          name
          status
        }
      }
    }
  }
`);

export const CREATE_TENANT = graphql(`
  mutation CreateTenant($input: CreateTenantInput!) {
    createTenant(input: $input) {
      id
      slug
      name
      status
      viewerRole
    }
  }
`);

export const TENANT_MEMBERS = graphql(`
  query TenantMembers($tenantId: ID!) {
    tenant(id: $tenantId) {
      id
      name
      viewerRole
      members {
        role
        joinedAt
        tenant {
          id
        }
        user {
          id
          displayName
          email
        }
      }
    }
  }
`);

export const TENANT_INVITATIONS = graphql(`
  query TenantInvitations($tenantId: ID!) {
    tenant(id: $tenantId) {
      id
      invitations {
        id
        email
        role
        status
        expiresAt
      }
    }
  }
`);

export const INVITE_MEMBER = graphql(`
  mutation InviteMember($tenantId: ID!, $email: String!, $role: Role!) {
    inviteMember(tenantId: $tenantId, email: $email, role: $role) {
      id
      email
      role
      status
      expiresAt
    }
  }
`);

export const REVOKE_INVITATION = graphql(`
  mutation RevokeInvitation($invitationId: ID!) {
    revokeInvitation(invitationId: $invitationId) {
      id
      status
    }
  }
`);

export const CHANGE_MEMBER_ROLE = graphql(`
  mutation ChangeMemberRole($tenantId: ID!, $userId: ID!, $role: Role!) {
    changeMemberRole(tenantId: $tenantId, userId: $userId, role: $role) {
      role
      tenant {
        id
      }
      user {
        id
      }
    }
  }
`);

export const REMOVE_MEMBER = graphql(`
  mutation RemoveMember($tenantId: ID!, $userId: ID!) {
    removeMember(tenantId: $tenantId, userId: $userId)
  }
`);

export const ACCEPT_INVITATION = graphql(`
  mutation AcceptInvitation($token: String!) {
    acceptInvitation(token: $token) {
      role
      user {
        id
      }
      tenant {
        id
        name
      }
    }
  }
`);

export const AUDIT_LOG = graphql(`
  query AuditLog($tenantId: ID!, $after: String) {
    tenant(id: $tenantId) {
      id
      auditLog(first: 25, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            action
            targetType
            targetId
            source
            ip
            at
            actor {
              id
              displayName
            }
          }
        }
      }
    }
  }
`);
