import { Migration } from '@mikro-orm/migrations';

/**
 * A plan's idle time before its instances hibernate (null: never). The trial hibernates
 * after 30 idle minutes: most trial instances are idle most of the day.
 */
export class Migration20261203160000PlanHibernation extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table plans add column hibernate_after_minutes int null check (hibernate_after_minutes > 0)');
    this.addSql(`update plans set hibernate_after_minutes = 30 where code = 'trial'`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table plans drop column hibernate_after_minutes');
  }
}
