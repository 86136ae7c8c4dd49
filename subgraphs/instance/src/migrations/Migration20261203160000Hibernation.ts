import { Migration } from '@mikro-orm/migrations';

/**
 * Hibernation: the plan's idle time as last read from billing, the per-instance opt-out,
 * and the memory the container used when it was put to sleep (what hibernation frees).
 */
export class Migration20261203160000Hibernation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table instances
      add column hibernate_after_minutes integer null,
      add column hibernation_disabled boolean not null default false,
      add column hibernated_memory_bytes double precision null`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table instances drop column hibernate_after_minutes, drop column hibernation_disabled, drop column hibernated_memory_bytes');
  }
}
