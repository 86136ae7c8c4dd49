import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@saas/auth';
import type { CallerInfo, SubgraphPlatform } from '@saas/subgraph';
import DataLoader from 'dataloader';
import type { Request } from 'express';
import { Account } from './entities/account.entity';
import { AccountService } from './services/account.service';
import { type AccountView, accountView } from './services/account-view';
import type { AuthDeps } from './services/auth-deps';
import { EmailVerificationService } from './services/email-verification.service';
import { PasswordResetService } from './services/password-reset.service';
import { SessionService } from './services/session.service';

/** Everything a resolver of the auth subgraph gets. */
export interface AuthContext {
  identity: Identity;
  /** The caller's address as the gateway saw it (rate limits). */
  clientIp: string;
  em: EntityManager;
  accounts: AccountService;
  sessions: SessionService;
  passwordResets: PasswordResetService;
  emailVerification: EmailVerificationService;
  /** `User` references of one request, loaded in one query. */
  accountViews: DataLoader<string, AccountView | null>;
}

export function createContextFactory(platform: SubgraphPlatform, deps: AuthDeps) {
  return async (req: Request, caller: CallerInfo): Promise<AuthContext> => {
    const em = platform.orm.em.fork() as EntityManager;
    return {
      identity: await platform.identify(req.headers.authorization),
      clientIp: caller.clientIp,
      em,
      accounts: new AccountService(em, deps),
      sessions: new SessionService(em, deps),
      passwordResets: new PasswordResetService(em, deps),
      emailVerification: new EmailVerificationService(em, deps),
      accountViews: new DataLoader((ids) => loadAccountViews(em, ids)),
    };
  };
}

async function loadAccountViews(em: EntityManager, ids: readonly string[]): Promise<Array<AccountView | null>> {
  const uuids = ids.filter((id) => UUID.test(id));
  const found = uuids.length > 0 ? await em.find(Account, { id: { $in: uuids } }) : [];
  const byId = new Map(found.map((account) => [account.id, accountView(account)]));
  return ids.map((id) => byId.get(id) ?? null);
}

// A malformed id in a reference must not become a database error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
