import { Migration } from '@mikro-orm/migrations';

/**
 * A tenant-wide position for every status change, so a subscriber can resume after the last
 * change it received (`instanceStatusChanged(after:)`). Positions are taken from one counter
 * row per tenant by an insert trigger: the row stays locked until the transaction commits,
 * so within a tenant positions increase in commit order and a reader never sees a later
 * position before an earlier one is committed.
 */
export class Migration20261204190000StatusPositions extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table tenant_status_positions (tenant_id uuid primary key, last_position bigint not null)');
    this.addSql('alter table instance_status_changes add column position bigint null');
    this.addSql(`update instance_status_changes c set position = numbered.n
      from (select instance_id, sequence, row_number() over (partition by tenant_id order by at, instance_id, sequence) as n from instance_status_changes) numbered
      where c.instance_id = numbered.instance_id and c.sequence = numbered.sequence`);
    this.addSql('insert into tenant_status_positions (tenant_id, last_position) select tenant_id, max(position) from instance_status_changes group by tenant_id');
    this.addSql('alter table instance_status_changes alter column position set not null');
    this.addSql('create unique index instance_status_changes_tenant_position on instance_status_changes (tenant_id, position)');
    this.addSql(`create function assign_status_position() returns trigger language plpgsql as $$
      begin
        insert into tenant_status_positions (tenant_id, last_position) values (new.tenant_id, 1)
          on conflict (tenant_id) do update set last_position = tenant_status_positions.last_position + 1
          returning last_position into new.position;
        return new;
      end $$`);
    this.addSql('create trigger instance_status_changes_position before insert on instance_status_changes for each row execute function assign_status_position()');
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger instance_status_changes_position on instance_status_changes');
    this.addSql('drop function assign_status_position()');
    this.addSql('alter table instance_status_changes drop column position');
    this.addSql('drop table tenant_status_positions');
  }
}
