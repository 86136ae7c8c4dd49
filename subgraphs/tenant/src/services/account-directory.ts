import type { Viewer } from '@saas/auth';
import { ServiceUnavailableError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { callSubgraph } from '@saas/subgraph-client';

/** The signed-in user's email address, which only the auth subgraph knows. */
export interface EmailLookup {
  emailOf(viewer: Viewer): Promise<string>;
}

const QUERY = `query ViewerEmail($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { email } }
}`;

/**
 * Asks auth for `User.email` of the viewer, with the viewer's own token, at the moment of
 * accepting: emails can change, so no copy is kept here.
 */
export class AccountDirectory implements EmailLookup {
  constructor(
    private readonly authUrl: string,
    private readonly logger: Logger,
  ) {}

  async emailOf(viewer: Viewer): Promise<string> {
    const data = await callSubgraph<{ _entities: Array<{ email?: string } | null> }>({
      url: this.authUrl,
      query: QUERY,
      variables: { representations: [{ __typename: 'User', id: viewer.userId }] },
      accessToken: viewer.accessToken,
      failureMessage: 'Your email address cannot be checked right now; try again.',
      logger: this.logger,
    });
    const email = data._entities[0]?.email;
    if (typeof email !== 'string') throw new ServiceUnavailableError('Your email address cannot be checked right now; try again.');
    return email;
  }
}
