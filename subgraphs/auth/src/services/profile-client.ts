import { BadUserInputError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { callSubgraph } from '@saas/subgraph-client';

const UPDATE_PROFILE = /* GraphQL */ `
  mutation SignUpProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
    }
  }
`;

/** The user subgraph as the auth subgraph uses it: storing the display name given at sign-up. */
export class ProfileClient {
  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Calls `updateProfile` as the new user (their own access token, so the user subgraph
   * authorizes it like any other call). A display name the user subgraph refuses is the
   * client's mistake (BAD_USER_INPUT on `input.displayName`); anything else is an outage.
   */
  async setDisplayName(accessToken: string, displayName: string): Promise<void> {
    await callSubgraph({
      url: this.url,
      query: UPDATE_PROFILE,
      variables: { input: { displayName } },
      accessToken,
      failureMessage: 'Could not create the profile; try again.',
      logger: this.logger,
      translate: ([error]) =>
        error?.extensions?.code === 'BAD_USER_INPUT' ? new BadUserInputError(error.message, 'input.displayName') : undefined,
    });
  }
}
