import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000000CreateProfiles extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table profiles (
        id uuid primary key,
        display_name varchar(80) not null,
        locale varchar(35) not null,
        time_zone varchar(64) not null,
        avatar_url text null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table profiles');
  }
}
