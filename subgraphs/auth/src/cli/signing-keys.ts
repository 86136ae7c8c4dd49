// Signing keys of access tokens:
//   npm run auth:keys -- rotate   publish a new key; it signs after SIGNING_KEY_PUBLISH_AHEAD_SECONDS
//   npm run auth:keys -- list     what the JWKS serves, and which key signs
// Old keys stay in the JWKS until every token they signed has expired; the service also
// rotates by itself after SIGNING_KEY_ROTATE_AFTER_SECONDS.
import { runCommand } from './cli-platform';

const USAGE = 'usage: npm run auth:keys -- rotate | list';
const [action] = process.argv.slice(2);

void runCommand(async ({ signingKeys }) => {
  if (action === 'rotate') {
    const key = await signingKeys.rotate();
    return `new signing key ${key.kid} signs from ${key.activatesAt.toISOString()}`;
  }
  if (action === 'list') {
    const now = new Date();
    const keys = await signingKeys.published(now);
    return keys
      .map((key) => {
        const state = key.activatesAt > now ? 'pending' : key.retiredAt && key.retiredAt <= now ? 'retired' : 'signing';
        return `${key.kid}\t${state}\tcreated ${key.createdAt.toISOString()}`;
      })
      .join('\n');
  }
  throw new Error(USAGE);
});
