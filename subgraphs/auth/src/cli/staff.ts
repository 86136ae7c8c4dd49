// Grants or revokes platform staff rights (the `staff` claim of access tokens):
//   npm run staff -- grant <email>
//   npm run staff -- revoke <email>
//   npm run staff -- list
// A grant shows in the user's next access token (log-in or refresh, at most 15 minutes).
// A revoke also signs the user out everywhere, so the right is gone at once.
import { emailKey, normaliseEmail } from '../domain/email';
import { Account } from '../entities/account.entity';
import { runCommand } from './cli-platform';

const USAGE = 'usage: npm run staff -- grant <email> | revoke <email> | list';
const [action, email] = process.argv.slice(2);

void runCommand(async ({ em, sessions }) => {
  if (action === 'list') {
    const staff = await em.find(Account, { staff: true }, { orderBy: { emailKey: 'asc' } });
    return staff.length > 0 ? staff.map((account) => `${account.email}\t${account.id}`).join('\n') : 'no staff accounts';
  }
  if ((action !== 'grant' && action !== 'revoke') || !email) throw new Error(USAGE);
  const account = await em.findOne(Account, { emailKey: emailKey(normaliseEmail(email)) });
  if (!account) throw new Error(`no account with email ${email.trim()}`);
  const grant = action === 'grant';
  if (account.staff === grant) return `${account.email} is already ${grant ? '' : 'not '}staff`;
  const revoked = await em.transactional(async (tx) => {
    account.staff = grant;
    return grant ? [] : sessions.revokeAccountIn(tx, account.id, 'STAFF_REVOKED');
  });
  await sessions.denyAccessTokens(revoked);
  return grant ? `${account.email} is now staff` : `${account.email} is no longer staff (${revoked.length} session(s) signed out)`;
});
