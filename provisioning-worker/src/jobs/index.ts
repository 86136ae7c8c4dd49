import type { OperationType } from '@saas/contracts';
import { backupJob } from './backup.job';
import { createJob } from './create.job';
import { deleteJob } from './delete.job';
import { hibernateJob } from './hibernate.job';
import type { JobHandler } from './job-context';
import { restartJob } from './restart.job';
import { restoreJob } from './restore.job';
import { refreshStagingJob, stagingJob } from './staging.job';
import { startJob } from './start.job';
import { stopJob } from './stop.job';
import { upgradeJob } from './upgrade.job';

/** One handler per operation type; a new type without a handler does not compile. */
export const JOB_HANDLERS: { [T in OperationType]: JobHandler<T> } = {
  CREATE: createJob,
  START: startJob,
  STOP: stopJob,
  RESTART: restartJob,
  DELETE: deleteJob,
  BACKUP: backupJob,
  RESTORE: restoreJob,
  UPGRADE: upgradeJob,
  HIBERNATE: hibernateJob,
  STAGING: stagingJob,
  REFRESH_STAGING: refreshStagingJob,
};
