import { Migration } from '@mikro-orm/migrations';

/** The largest request body an instance of the plan accepts at its URL (the edge's limit), in MiB. */
export class Migration20261204190000PlanUploadMax extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table plans add column upload_max_mb int not null default 128 check (upload_max_mb between 1 and 10240)');
  }

  override async down(): Promise<void> {
    this.addSql('alter table plans drop column upload_max_mb');
  }
}
