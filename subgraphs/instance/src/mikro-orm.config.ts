import { OutboxMessageSchema } from '@saas/messaging';
import { BackupSchema } from './entities/backup.entity';
import { CaughtMailSchema } from './entities/caught-mail.entity';
import { IdempotencyKeySchema } from './entities/idempotency-key.entity';
import { ImportUploadSchema } from './entities/import-upload.entity';
import { InstanceSchema } from './entities/instance.entity';
import { InstanceDomainSchema } from './entities/instance-domain.entity';
import { InstanceOperationSchema } from './entities/instance-operation.entity';
import { StatusChangeSchema } from './entities/status-change.entity';
import { migrations } from './migrations';

export const entities = [
  InstanceSchema,
  InstanceOperationSchema,
  BackupSchema,
  IdempotencyKeySchema,
  StatusChangeSchema,
  InstanceDomainSchema,
  CaughtMailSchema,
  ImportUploadSchema,
  OutboxMessageSchema,
];
export { migrations };
