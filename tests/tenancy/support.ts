import { graphql, type GraphQLResponse, type SmtpSink } from '@saas/testing';
import type { TestUser } from '../support/fixtures';

/** One operation through the gateway as `user` (or anonymously). */
export function as<TData = Record<string, unknown>>(
  url: string,
  user: TestUser | null,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  return graphql<TData>(url, query, variables, { token: user?.accessToken, headers });
}

/** The first error's code and extensions, for assertions that read like the rule. */
export function firstError(response: GraphQLResponse<unknown>): { code: unknown; message: string; extensions: Record<string, unknown> } {
  const error = response.errors?.[0];
  return { code: error?.extensions?.code, message: error?.message ?? '', extensions: error?.extensions ?? {} };
}

/** The invitation token from the newest invitation email sent to `email`. */
export async function invitationTokenFor(sink: SmtpSink, email: string, after = 0): Promise<string> {
  const mail = await sink.waitFor((m) => m.to.includes(email.toLowerCase()) && /invited/i.test(m.subject) && sink.messages.indexOf(m) >= after);
  const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no token in the invitation email: ${mail.text}`);
  return token;
}

export const INVITE = `mutation($tenantId: ID!, $email: String!, $role: Role!) {
  inviteMember(tenantId: $tenantId, email: $email, role: $role) { id email role status expiresAt invitedBy { id } tenant { id } }
}`;
export const ACCEPT = 'mutation($token: String!) { acceptInvitation(token: $token) { role joinedAt user { id } tenant { id slug } } }';
export const CHANGE_ROLE = `mutation($tenantId: ID!, $userId: ID!, $role: Role!) {
  changeMemberRole(tenantId: $tenantId, userId: $userId, role: $role) { role user { id } }
}`;
export const REMOVE = 'mutation($tenantId: ID!, $userId: ID!) { removeMember(tenantId: $tenantId, userId: $userId) }';
export const TRANSFER = 'mutation($tenantId: ID!, $userId: ID!) { transferOwnership(tenantId: $tenantId, userId: $userId) { role user { id } } }';
export const LEAVE = 'mutation($tenantId: ID!) { leaveTenant(tenantId: $tenantId) }';
export const MEMBERS = 'query($id: ID!) { tenant(id: $id) { id viewerRole members { role user { id } } } }';

/** Invites `invitee` with `role` and has them accept, as a client would (email link). */
export async function addMember(
  url: string,
  sink: SmtpSink,
  inviter: TestUser,
  tenantId: string,
  invitee: TestUser,
  role: 'OWNER' | 'ADMIN' | 'MEMBER',
): Promise<void> {
  const before = sink.messages.length;
  const invited = await as(url, inviter, INVITE, { tenantId, email: invitee.email, role });
  if (invited.errors) throw new Error(`invite failed: ${JSON.stringify(invited.errors)}`);
  const token = await invitationTokenFor(sink, invitee.email, before);
  const accepted = await as(url, invitee, ACCEPT, { token });
  if (accepted.errors) throw new Error(`accept failed: ${JSON.stringify(accepted.errors)}`);
}
