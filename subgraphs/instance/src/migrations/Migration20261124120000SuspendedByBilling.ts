import { Migration } from '@mikro-orm/migrations';

/** Instances stopped because their tenant was suspended, to start again when it pays. */
export class Migration20261124120000SuspendedByBilling extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table instances add column suspended_by_billing boolean not null default false');
  }

  override async down(): Promise<void> {
    this.addSql('alter table instances drop column suspended_by_billing');
  }
}
