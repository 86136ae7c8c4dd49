import type { CaughtMailResolvers } from '../__generated__/resolvers-types';

export const CaughtMail: CaughtMailResolvers = {
  from: (mail) => mail.mailFrom,
  to: (mail) => mail.mailTo,
  at: (mail) => mail.caughtAt.toISOString(),
};
