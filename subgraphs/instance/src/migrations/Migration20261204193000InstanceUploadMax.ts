import { Migration } from '@mikro-orm/migrations';

/** The plan's largest request body at the instance's URL (MiB), as last read from billing; null: the edge's default. */
export class Migration20261204193000InstanceUploadMax extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table instances add column upload_max_mb integer null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table instances drop column upload_max_mb');
  }
}
