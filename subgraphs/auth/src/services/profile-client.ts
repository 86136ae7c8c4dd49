import { BadUserInputError, ServiceUnavailableError } from '@saas/errors';

const UPDATE_PROFILE = /* GraphQL */ `
  mutation SignUpProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
    }
  }
`;

interface GraphQLReply {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

const TIMEOUT_MS = 5_000;

/** The user subgraph as the auth subgraph uses it: storing the display name given at sign-up. */
export class ProfileClient {
  constructor(private readonly url: string) {}

  /**
   * Calls `updateProfile` as the new user (their own access token, so the user subgraph
   * authorizes it like any other call). A display name the user subgraph refuses is the
   * client's mistake (BAD_USER_INPUT on `input.displayName`); anything else is an outage.
   */
  async setDisplayName(accessToken: string, displayName: string): Promise<void> {
    let reply: GraphQLReply;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ query: UPDATE_PROFILE, variables: { input: { displayName } } }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      reply = (await response.json()) as GraphQLReply;
    } catch (cause) {
      throw new ServiceUnavailableError('Could not create the profile; try again.', { cause });
    }
    const [error] = reply.errors ?? [];
    if (error?.extensions?.code === 'BAD_USER_INPUT') throw new BadUserInputError(error.message, 'input.displayName');
    if (error || !reply.data) {
      throw new ServiceUnavailableError('Could not create the profile; try again.', { cause: new Error(error?.message ?? 'no data') });
    }
  }
}
