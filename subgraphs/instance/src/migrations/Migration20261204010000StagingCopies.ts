import { Migration } from '@mikro-orm/migrations';

/**
 * Staging copies (an instance made from another one's data, until it expires) and the mails
 * they tried to send, which the platform's mail catcher keeps instead of sending.
 */
export class Migration20261204010000StagingCopies extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table instances add column staging_of_id uuid null references instances (id)');
    this.addSql('alter table instances add column staging_expires_at timestamptz null');
    this.addSql('create index instances_staging_of on instances (staging_of_id) where staging_of_id is not null');
    this.addSql('create index instances_staging_expiry on instances (staging_expires_at) where staging_expires_at is not null and deleted_at is null');
    this.addSql(`create table caught_mails (
      id uuid primary key,
      instance_id uuid not null references instances (id) on delete cascade,
      tenant_id uuid not null,
      mail_from text not null,
      mail_to jsonb not null,
      subject text not null,
      size_bytes int not null,
      caught_at timestamptz not null)`);
    this.addSql('create index caught_mails_instance on caught_mails (instance_id, caught_at desc, id desc)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table caught_mails');
    this.addSql('alter table instances drop column staging_expires_at');
    this.addSql('alter table instances drop column staging_of_id');
  }
}
