import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_TABLE_SQL } from '@saas/messaging';

export class Migration20261124200000CreateTenancy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table tenants (
        id uuid primary key,
        slug varchar(63) not null,
        name varchar(100) not null,
        status varchar(16) not null check (status in ('ACTIVE', 'SUSPENDED', 'DELETED')),
        created_at timestamptz not null,
        updated_at timestamptz not null,
        deleted_at timestamptz null
      )`);
    // A deleted tenant frees its slug; live ones never share one (the race is settled here).
    this.addSql(`create unique index tenants_live_slug on tenants (slug) where status <> 'DELETED'`);
    // Foreign keys are checked at commit: entities carry plain ids, so the ORM may insert in any order.
    this.addSql(`
      create table memberships (
        tenant_id uuid not null references tenants (id) deferrable initially deferred,
        user_id uuid not null,
        role varchar(16) not null check (role in ('OWNER', 'ADMIN', 'MEMBER')),
        joined_at timestamptz not null,
        primary key (tenant_id, user_id)
      )`);
    this.addSql('create index memberships_user on memberships (user_id)');
    this.addSql(`
      create table invitations (
        id uuid primary key,
        tenant_id uuid not null references tenants (id) deferrable initially deferred,
        email varchar(254) not null,
        role varchar(16) not null check (role in ('OWNER', 'ADMIN', 'MEMBER')),
        token_hash varchar(64) not null unique,
        status varchar(16) not null check (status in ('PENDING', 'ACCEPTED', 'REVOKED')),
        expires_at timestamptz not null,
        invited_by uuid not null,
        created_at timestamptz not null,
        accepted_by uuid null,
        accepted_at timestamptz null,
        revoked_at timestamptz null
      )`);
    this.addSql(`create index invitations_pending on invitations (tenant_id, created_at) where status = 'PENDING'`);
    // No foreign key to tenants: events from other subgraphs are stored whatever the order.
    this.addSql(`
      create table audit_entries (
        id uuid primary key,
        event_id varchar(100) not null unique,
        tenant_id uuid not null,
        actor_user_id uuid null,
        action varchar(100) not null,
        target_type varchar(50) not null,
        target_id varchar(200) not null,
        ip varchar(64) null,
        source varchar(32) not null,
        at timestamptz not null,
        recorded_at timestamptz not null default now()
      )`);
    this.addSql('create index audit_entries_page on audit_entries (tenant_id, at desc, id desc)');
    for (const sql of OUTBOX_TABLE_SQL) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table outbox_messages');
    this.addSql('drop table audit_entries');
    this.addSql('drop table invitations');
    this.addSql('drop table memberships');
    this.addSql('drop table tenants');
  }
}
