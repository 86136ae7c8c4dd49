import { Migration } from '@mikro-orm/migrations';

/** When each backup's retention ends (the plan's backupRetentionDays after it was requested). */
export class Migration20261124130000BackupExpiry extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table backups add column expires_at timestamptz null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table backups drop column expires_at');
  }
}
