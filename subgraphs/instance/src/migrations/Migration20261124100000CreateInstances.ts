import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_TABLE_SQL } from '@saas/messaging';

/**
 * Foreign keys are checked at commit (deferrable): the unit of work writes rows in an
 * order of its own within one transaction.
 */
export class Migration20261124100000CreateInstances extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table instances (
        id uuid primary key,
        tenant_id uuid not null,
        name varchar(100) not null,
        subdomain varchar(63) not null,
        odoo_version varchar(16) not null,
        modules jsonb not null default '[]',
        status varchar(16) not null,
        status_message text null,
        url text not null,
        direct_url text null,
        container_id varchar(128) null,
        database_name varchar(63) null,
        resources jsonb not null,
        database_password_encrypted text not null,
        admin_password_encrypted text not null,
        operation_seq int not null default 0,
        status_seq int not null default 0,
        applied_operation_seq int not null default 0,
        applied_attempt int not null default 0,
        applied_step int not null default 0,
        created_by uuid null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        deleted_at timestamptz null
      )`);
    // A subdomain is free again once its instance is deleted.
    this.addSql('create unique index instances_subdomain_live on instances (subdomain) where deleted_at is null');
    this.addSql('create index instances_tenant on instances (tenant_id, created_at desc, id desc)');
    this.addSql(`
      create table instance_operations (
        id uuid primary key,
        instance_id uuid not null references instances (id) deferrable initially deferred,
        tenant_id uuid not null,
        seq int not null,
        type varchar(16) not null,
        status varchar(16) not null,
        progress int not null default 0,
        message text null,
        error text null,
        attempts int not null default 0,
        backup_id uuid null,
        requested_by uuid null,
        created_at timestamptz not null,
        started_at timestamptz null,
        finished_at timestamptz null,
        unique (instance_id, seq)
      )`);
    // At most one queued or running operation per instance, whatever the application does.
    this.addSql(
      "create unique index instance_operations_one_active on instance_operations (instance_id) where status in ('QUEUED', 'RUNNING')",
    );
    this.addSql(`
      create table backups (
        id uuid primary key,
        instance_id uuid not null references instances (id) deferrable initially deferred,
        tenant_id uuid not null,
        operation_id uuid not null references instance_operations (id) deferrable initially deferred,
        status varchar(16) not null,
        size_bytes bigint null,
        checksum varchar(64) null,
        location text null,
        created_at timestamptz not null,
        completed_at timestamptz null
      )`);
    this.addSql('create index backups_instance on backups (instance_id, created_at desc)');
    this.addSql(`
      create table idempotency_keys (
        tenant_id uuid not null,
        key varchar(200) not null,
        request_hash varchar(64) not null,
        operation_id uuid not null references instance_operations (id) deferrable initially deferred,
        created_at timestamptz not null,
        primary key (tenant_id, key)
      )`);
    this.addSql(`
      create table instance_status_changes (
        instance_id uuid not null references instances (id) deferrable initially deferred,
        sequence int not null,
        tenant_id uuid not null,
        status varchar(16) not null,
        previous_status varchar(16) null,
        message text null,
        operation_id uuid null,
        at timestamptz not null,
        primary key (instance_id, sequence)
      )`);
    for (const sql of OUTBOX_TABLE_SQL) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table outbox_messages, instance_status_changes, idempotency_keys, backups, instance_operations, instances');
  }
}
