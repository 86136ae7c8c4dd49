import { secret } from '@saas/config';
import { DEV_SECRETS_KEY, parseSecretsKey } from './secrets-key';
import { DEV_LINK_SIGNING_KEY, parseLinkSigningKey } from './signed-links';

function parses(parse: (value: string) => Buffer): (value: string) => boolean {
  return (value) => {
    try {
      parse(value);
      return true;
    } catch {
      return false;
    }
  };
}

/**
 * The variables of the platform's keys, for every service that holds one. Outside production
 * they default to the development keys; NODE_ENV=production requires them and refuses those
 * defaults (libs/config `secret`), so no service can start in production with a published key.
 */
export const secretsKeyEnv = {
  /** 32 bytes, base64: encrypts secrets at rest (signing keys, instance passwords). */
  SECRETS_KEY: secret(DEV_SECRETS_KEY, parses(parseSecretsKey), 'must be 32 bytes, base64-encoded'),
};

export const linkSigningKeyEnv = {
  /** At least 32 bytes, base64: signs download and upload links. */
  LINK_SIGNING_KEY: secret(DEV_LINK_SIGNING_KEY, parses(parseLinkSigningKey), 'must be at least 32 bytes, base64-encoded'),
};
