import { Migration } from '@mikro-orm/migrations';

/** Custom domains of instances: unique platform-wide, whoever's tenant holds one. */
export class Migration20261203170000InstanceDomains extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table instance_domains (
      id uuid primary key,
      instance_id uuid not null references instances (id) on delete cascade,
      tenant_id uuid not null,
      domain varchar(253) not null,
      status varchar(24) not null,
      error text null,
      created_by uuid not null,
      created_at timestamptz not null,
      verified_at timestamptz null)`);
    this.addSql('create unique index instance_domains_domain on instance_domains (domain)');
    this.addSql('create index instance_domains_instance on instance_domains (instance_id, created_at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table instance_domains');
  }
}
