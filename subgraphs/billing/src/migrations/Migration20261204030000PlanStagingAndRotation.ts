import { Migration } from '@mikro-orm/migrations';

/**
 * Plan settings that were platform defaults: how long a staging copy lives, and how many
 * scheduled backups grandfather-father-son rotation keeps per day, week and month.
 */
export class Migration20261204030000PlanStagingAndRotation extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table plans add column staging_lifetime_days int not null default 7 check (staging_lifetime_days between 1 and 365)');
    this.addSql('alter table plans add column backup_daily_keep int not null default 7 check (backup_daily_keep >= 0)');
    this.addSql('alter table plans add column backup_weekly_keep int not null default 4 check (backup_weekly_keep >= 0)');
    this.addSql('alter table plans add column backup_monthly_keep int not null default 3 check (backup_monthly_keep >= 0)');
  }

  override async down(): Promise<void> {
    this.addSql('alter table plans drop column staging_lifetime_days, drop column backup_daily_keep, drop column backup_weekly_keep, drop column backup_monthly_keep');
  }
}
