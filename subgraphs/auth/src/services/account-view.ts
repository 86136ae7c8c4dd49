import type { Account } from '../entities/account.entity';

/** What the auth subgraph says about a `User`. */
export interface AccountView {
  id: string;
  email: string;
  emailVerified: boolean;
}

export function accountView(account: Account): AccountView {
  return { id: account.id, email: account.email, emailVerified: account.emailVerifiedAt !== null };
}
