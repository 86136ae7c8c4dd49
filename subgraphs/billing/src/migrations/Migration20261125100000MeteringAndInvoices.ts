import { Migration } from '@mikro-orm/migrations';

/**
 * Plan terms (prorations), metered status changes, invoices with their lines and numbers,
 * and the suspension mark of dunning. Foreign keys are deferrable, initially deferred: the
 * unit of work orders its inserts itself.
 */
export class Migration20261125100000MeteringAndInvoices extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table subscriptions add column suspended_at timestamptz null');
    this.addSql(`
      create table plan_terms (
        id uuid primary key,
        subscription_id uuid not null references subscriptions (id) deferrable initially deferred,
        tenant_id uuid not null,
        plan_code varchar(40) not null references plans (code) deferrable initially deferred,
        started_at timestamptz not null,
        ended_at timestamptz null,
        check (ended_at is null or ended_at >= started_at)
      )`);
    this.addSql('create index plan_terms_tenant on plan_terms (tenant_id, started_at)');
    // At most one open term per subscription: the plan the tenant is on now.
    this.addSql('create unique index plan_terms_open on plan_terms (subscription_id) where ended_at is null');
    // Subscriptions that existed before terms: their plan since they began (or until canceled).
    this.addSql(`
      insert into plan_terms (id, subscription_id, tenant_id, plan_code, started_at, ended_at)
      select gen_random_uuid(), id, tenant_id, plan_code, created_at, canceled_at from subscriptions`);
    this.addSql(`
      create table instance_status_events (
        instance_id uuid not null,
        sequence int not null check (sequence > 0),
        tenant_id uuid not null,
        status varchar(16) not null,
        at timestamptz not null,
        received_at timestamptz not null default now(),
        primary key (instance_id, sequence)
      )`);
    this.addSql('create index instance_status_events_tenant on instance_status_events (tenant_id, at)');
    this.addSql(`
      create table invoices (
        id uuid primary key,
        number varchar(32) not null unique,
        tenant_id uuid not null,
        subscription_id uuid not null references subscriptions (id) deferrable initially deferred,
        status varchar(8) not null check (status in ('DRAFT', 'OPEN', 'PAID', 'VOID')),
        currency char(3) not null,
        period_start timestamptz not null,
        period_end timestamptz not null check (period_end > period_start),
        total_cents int not null,
        issued_at timestamptz null,
        due_at timestamptz null,
        paid_at timestamptz null,
        voided_at timestamptz null,
        past_due_at timestamptz null,
        payment_provider varchar(32) not null,
        provider_reference text null,
        payment_reference text null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        unique (tenant_id, period_start)
      )`);
    this.addSql('create index invoices_tenant on invoices (tenant_id, created_at desc, id desc)');
    this.addSql("create index invoices_open on invoices (due_at) where status = 'OPEN'");
    this.addSql(`
      create table invoice_lines (
        id uuid primary key,
        invoice_id uuid not null references invoices (id) on delete cascade deferrable initially deferred,
        position int not null check (position > 0),
        kind varchar(16) not null check (kind in ('PLAN_FEE', 'USAGE', 'PRORATION')),
        description text not null,
        quantity int not null,
        unit_amount_cents int not null,
        amount_cents int not null check (amount_cents = quantity * unit_amount_cents),
        unique (invoice_id, position)
      )`);
    this.addSql('create table invoice_number_counters (year int primary key, last_number int not null)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table invoice_number_counters, invoice_lines, invoices, instance_status_events, plan_terms');
    this.addSql('alter table subscriptions drop column suspended_at');
  }
}
