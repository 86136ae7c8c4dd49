import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_TABLE_SQL } from '@saas/messaging';

/** Plans are seeded here: trial (every new tenant), starter and business. */
export class Migration20261124110000CreatePlansAndSubscriptions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table plans (
        code varchar(40) primary key,
        name varchar(100) not null,
        price_cents int not null check (price_cents >= 0),
        currency char(3) not null,
        interval varchar(8) not null check (interval in ('MONTH', 'YEAR')),
        max_instances int not null check (max_instances >= 1),
        cpu_millicores int not null check (cpu_millicores > 0),
        memory_mb int not null check (memory_mb > 0),
        storage_gb int not null check (storage_gb > 0),
        allowed_odoo_versions jsonb not null,
        backup_retention_days int not null check (backup_retention_days >= 0),
        included_instance_hours int not null check (included_instance_hours >= 0),
        overage_cents_per_instance_hour int not null check (overage_cents_per_instance_hour >= 0),
        trial_days int not null check (trial_days >= 0),
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`
      insert into plans (code, name, price_cents, currency, interval, max_instances, cpu_millicores, memory_mb, storage_gb,
                         allowed_odoo_versions, backup_retention_days, included_instance_hours, overage_cents_per_instance_hour, trial_days)
      values
        ('trial',    'Trial',    0,    'EUR', 'MONTH', 1,  1000, 1024, 10, '["16.0","17.0","18.0"]', 7,  744,  0, 14),
        ('starter',  'Starter',  2900, 'EUR', 'MONTH', 3,  1000, 2048, 20, '["16.0","17.0","18.0"]', 14, 2232, 5, 0),
        ('business', 'Business', 9900, 'EUR', 'MONTH', 10, 2000, 4096, 50, '["16.0","17.0","18.0"]', 30, 7440, 4, 0)`);
    this.addSql(`
      create table subscriptions (
        id uuid primary key,
        tenant_id uuid not null unique,
        plan_code varchar(40) not null references plans (code),
        status varchar(16) not null check (status in ('TRIALING', 'ACTIVE', 'PAST_DUE', 'CANCELED')),
        current_period_start timestamptz not null,
        current_period_end timestamptz not null,
        trial_ends_at timestamptz null,
        canceled_at timestamptz null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    for (const sql of OUTBOX_TABLE_SQL) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table outbox_messages, subscriptions, plans');
  }
}
