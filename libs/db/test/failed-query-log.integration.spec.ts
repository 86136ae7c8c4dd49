import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { EntitySchema } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createLogger } from '@saas/logger';
import { createDatabase, dropDatabase } from '@saas/testing';
import { initOrm, type Orm } from '../src';

class Customer {
  id!: string;
  email!: string;
}

const CustomerSchema = new EntitySchema<Customer>({
  class: Customer,
  tableName: 'customers',
  properties: { id: { type: 'uuid', primary: true }, email: { type: 'string', unique: true } },
});

class Migration1CreateCustomers extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table customers (id uuid primary key, email text not null unique)');
  }
}

const migrations = [{ name: 'Migration1CreateCustomers', class: Migration1CreateCustomers }];

/** What a service logs of a failed query: the statement, never the values it was given. */
describe('failed queries are logged without their parameter values (PostgreSQL)', () => {
  const name = `saas_db_it_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const lines: string[] = [];
  const logger = createLogger({
    service: 'db-test',
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    }),
  });
  let orm: Orm;
  const em = () => orm.em.fork() as EntityManager;

  beforeAll(async () => {
    const url = await createDatabase('saas_auth', name);
    orm = await initOrm({ clientUrl: url, entities: [CustomerSchema], migrations, logger });
  });

  afterAll(async () => {
    await orm?.close();
    await dropDatabase('saas_auth', name);
  });

  /** The line a resolver's unexpected error becomes (libs/subgraph logs `{ err }`). */
  async function loggedFailure(work: () => Promise<unknown>): Promise<string> {
    const error = await work().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    lines.length = 0;
    logger.error({ err: error }, 'unexpected error in resolver');
    return lines.join('\n');
  }

  it('keeps a unique violation to the statement and the constraint, without the row', async () => {
    const secret = `secret-${randomBytes(6).toString('hex')}@example.test`;
    await em().insert(Customer, { id: '00000000-0000-4000-8000-000000000001', email: secret });
    const line = await loggedFailure(() => em().insert(Customer, { id: '00000000-0000-4000-8000-000000000002', email: secret }));
    expect(line).toContain('insert into \\"customers\\"');
    expect(line).toContain('customers_email_key');
    expect(line).not.toContain(secret);
    expect(line).not.toContain('00000000-0000-4000-8000-000000000002');
  });

  it('keeps a raw statement with placeholders and a refused value out of the line', async () => {
    const secret = `not-a-uuid-${randomBytes(6).toString('hex')}`;
    const line = await loggedFailure(() => em().getConnection().execute('select * from customers where id = ? and email = ?', [secret, 'hidden@example.test']));
    expect(line).toContain('select * from customers where id = ? and email = ?');
    expect(line).toContain('invalid input syntax for type uuid');
    expect(line).not.toContain(secret);
    expect(line).not.toContain('hidden@example.test');
  });

  it('keeps a query builder failure to its statement', async () => {
    const secret = `qb-${randomBytes(6).toString('hex')}`;
    const line = await loggedFailure(() => em().createQueryBuilder(Customer).select('*').where({ id: secret }).execute());
    expect(line).toContain('from \\"customers\\"');
    expect(line).not.toContain(secret);
  });
});
