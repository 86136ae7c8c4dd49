import { DomainError, UnauthenticatedError } from '@saas/errors';
import { bearerToken, type TokenVerifier, type Viewer } from './token-verifier';

/** The caller of one request: a verified viewer, nobody, or a token that failed verification. */
export interface Identity {
  viewer: Viewer | null;
  /** Why the presented token was refused; thrown by {@link requireViewer}. */
  error?: DomainError;
}

/** Never throws: a bad token becomes an identity without viewer, refused where a viewer is needed. */
export async function identify(verifier: TokenVerifier, authorization: string | undefined): Promise<Identity> {
  try {
    const token = bearerToken(authorization);
    return token ? { viewer: await verifier.verify(token) } : { viewer: null };
  } catch (error) {
    if (error instanceof DomainError) return { viewer: null, error };
    throw error;
  }
}

export function requireViewer(identity: Identity): Viewer {
  if (identity.viewer) return identity.viewer;
  throw identity.error ?? new UnauthenticatedError();
}
