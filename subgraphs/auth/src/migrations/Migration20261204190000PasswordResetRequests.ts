import { Migration } from '@mikro-orm/migrations';

/** The queue of password reset requests, drained by the reset mailer (services/password-reset-mailer). */
export class Migration20261204190000PasswordResetRequests extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table password_reset_requests (
        id bigserial primary key,
        email_key varchar(254) not null,
        requested_at timestamptz not null
      )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table password_reset_requests');
  }
}
