import { Migration } from '@mikro-orm/migrations';

/**
 * Foreign keys are deferred to commit: entities are plain ids (no ORM relations), so the
 * unit of work may insert a session before its account within one transaction.
 */
export class Migration20261124110000CreateIdentity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table accounts (
        id uuid primary key,
        email varchar(254) not null,
        email_key varchar(254) not null constraint accounts_email_key_unique unique,
        password_hash text not null,
        email_verified_at timestamptz null,
        staff boolean not null default false,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    this.addSql(`
      create table sessions (
        id uuid primary key,
        account_id uuid not null references accounts (id) on delete cascade deferrable initially deferred,
        created_at timestamptz not null,
        last_refreshed_at timestamptz not null,
        expires_at timestamptz not null,
        revoked_at timestamptz null,
        revoke_reason varchar(32) null
      )`);
    this.addSql('create index sessions_live_by_account on sessions (account_id) where revoked_at is null');
    this.addSql(`
      create table refresh_tokens (
        token_hash char(64) primary key,
        session_id uuid not null references sessions (id) on delete cascade deferrable initially deferred,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz null
      )`);
    this.addSql('create index refresh_tokens_by_session on refresh_tokens (session_id)');
    this.addSql(`
      create table signing_keys (
        kid varchar(64) primary key,
        public_jwk jsonb not null,
        private_key text not null,
        created_at timestamptz not null,
        activates_at timestamptz not null,
        retired_at timestamptz null
      )`);
    this.addSql(`
      create table email_tokens (
        token_hash char(64) primary key,
        account_id uuid not null references accounts (id) on delete cascade deferrable initially deferred,
        purpose varchar(16) not null check (purpose in ('VERIFY_EMAIL', 'RESET_PASSWORD')),
        email varchar(254) not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz null
      )`);
    this.addSql('create index email_tokens_open_by_account on email_tokens (account_id, purpose) where used_at is null');
  }

  override async down(): Promise<void> {
    this.addSql('drop table email_tokens');
    this.addSql('drop table signing_keys');
    this.addSql('drop table refresh_tokens');
    this.addSql('drop table sessions');
    this.addSql('drop table accounts');
  }
}
