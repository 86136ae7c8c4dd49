import { requireViewer } from '@saas/auth';
import type { BackupResolvers } from '../__generated__/resolvers-types';

export const Backup: BackupResolvers = {
  instance: (backup, _args, { queries }) => queries.instanceById(backup.instanceId),
  sizeBytes: (backup) => (backup.sizeBytes === null ? null : Number(backup.sizeBytes)),
  createdAt: (backup) => backup.createdAt.toISOString(),
  completedAt: (backup) => backup.completedAt?.toISOString() ?? null,
  expiresAt: (backup) => backup.expiresAt?.toISOString() ?? null,
  verifiedAt: (backup) => backup.verifiedAt?.toISOString() ?? null,
  downloadUrl: (backup, _args, { identity, downloads }) => downloads.urlFor(requireViewer(identity), backup),
};
