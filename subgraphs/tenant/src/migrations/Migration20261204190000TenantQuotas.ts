import { Migration } from '@mikro-orm/migrations';

/**
 * Who created each tenant (the trials a user has started, MAX_TRIALS_PER_USER; null for
 * tenants created before), and invitations by tenant and time whatever their status (the
 * per-tenant invitation rate counts every one sent).
 */
export class Migration20261204190000TenantQuotas extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table tenants add column created_by uuid null');
    this.addSql('create index tenants_created_by on tenants (created_by)');
    this.addSql('create index invitations_sent on invitations (tenant_id, created_at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop index invitations_sent');
    this.addSql('drop index tenants_created_by');
    this.addSql('alter table tenants drop column created_by');
  }
}
