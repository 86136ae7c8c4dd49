import { Migration } from '@mikro-orm/migrations';

/**
 * Portable, verified, scheduled backups: each backup's kind and verification; uploads of
 * Odoo zips waiting to be imported; the rotation the tenant's plan gives scheduled backups.
 */
export class Migration20261202120000PortableBackups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table backups
      add column kind varchar(16) not null default 'MANUAL',
      add column verification varchar(16) not null default 'PENDING',
      add column verified_at timestamptz null,
      add column verification_error text null,
      add column scheduled_for date null`);
    // One scheduled backup per instance and day, whichever replica's scheduler queues it.
    this.addSql(`create unique index backups_one_scheduled_per_day on backups (instance_id, scheduled_for) where kind = 'SCHEDULED'`);
    this.addSql(`alter table instances add column backup_rotation jsonb null`);
    this.addSql(`create table import_uploads (
      id uuid primary key,
      tenant_id uuid not null,
      created_by uuid not null,
      status varchar(16) not null,
      max_bytes bigint not null,
      size_bytes bigint null,
      checksum varchar(64) null,
      error text null,
      instance_id uuid null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      uploaded_at timestamptz null)`);
    this.addSql('create index import_uploads_tenant on import_uploads (tenant_id, created_at desc)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table import_uploads');
    this.addSql('alter table instances drop column backup_rotation');
    this.addSql('drop index backups_one_scheduled_per_day');
    this.addSql('alter table backups drop column kind, drop column verification, drop column verified_at, drop column verification_error, drop column scheduled_for');
  }
}
