import { buildSchema, GraphQLObjectType } from 'graphql';
import { canonicalId, canonicalizeArguments, MAX_ID_LENGTH } from '../src/canonical-ids';

const ID = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';

describe('canonicalId', () => {
  it.each([
    ID,
    ID.toUpperCase(),
    `{${ID}}`,
    `{${ID.toUpperCase()}}`,
    ID.replace(/-/g, ''),
    'A0EEBC999C0B4EF8BB6D6BB9BD380A11',
    'a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11',
    'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11',
  ])('maps every spelling PostgreSQL accepts (%s) to one lower-case 8-4-4-4-12 form', (spelling) => {
    expect(canonicalId(spelling)).toBe(ID);
  });

  it.each(['acme', '', `${ID}x`, `${ID}-`, ` ${ID}`, 'g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'])('leaves what is not a UUID (%p) as it is', (value) => {
    expect(canonicalId(value)).toBe(value);
  });
});

describe('canonicalizeArguments', () => {
  const schema = buildSchema(`
    input Nested { instanceId: ID!, ids: [ID!], name: String }
    input Outer { tenantId: ID!, nested: Nested, label: String }
    type Query {
      one(id: ID!, slug: String): Boolean
      many(ids: [ID!]!): Boolean
      deep(input: Outer!): Boolean
      _entities(representations: [String!]!): Boolean
    }
  `);
  const args = (field: string) => (schema.getType('Query') as GraphQLObjectType).getFields()[field]!.args;

  it('rewrites ID arguments and leaves other strings alone', () => {
    expect(canonicalizeArguments(args('one'), { id: ID.toUpperCase(), slug: 'ACME' })).toEqual({ id: ID, slug: 'ACME' });
  });

  it('rewrites ids in lists and nested input objects', () => {
    expect(canonicalizeArguments(args('many'), { ids: [`{${ID}}`, ID.toUpperCase()] })).toEqual({ ids: [ID, ID] });
    const input = { tenantId: ID.toUpperCase(), label: 'X', nested: { instanceId: ID.replace(/-/g, ''), ids: [ID.toUpperCase()], name: 'N' } };
    expect(canonicalizeArguments(args('deep'), { input })).toEqual({ input: { tenantId: ID, label: 'X', nested: { instanceId: ID, ids: [ID], name: 'N' } } });
  });

  it('rewrites the ids of federation entity references', () => {
    const representations = [{ __typename: 'Tenant', id: ID.toUpperCase() }, { __typename: 'Membership', tenantId: `{${ID}}`, userId: ID }];
    canonicalizeArguments(args('_entities'), { representations }, '_entities');
    expect(representations).toEqual([{ __typename: 'Tenant', id: ID }, { __typename: 'Membership', tenantId: ID, userId: ID }]);
  });

  it('refuses an id longer than any the platform issues, naming the argument, without echoing it', () => {
    const long = 'a'.repeat(200_000);
    try {
      canonicalizeArguments(args('deep'), { input: { tenantId: long } });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'input.tenantId' } });
      expect((error as Error).message.length).toBeLessThan(MAX_ID_LENGTH + 100);
    }
  });

  it('refuses a NUL character in any string argument, nested or not, naming it without echoing it', () => {
    for (const [field, values, named] of [
      ['one', { id: ID, slug: 'ac\u0000me' }, 'slug'],
      ['one', { id: `${ID}\u0000` }, 'id'],
      ['deep', { input: { tenantId: ID, nested: { instanceId: ID, name: 'x\u0000y' } } }, 'input.nested.name'],
    ] as const) {
      try {
        canonicalizeArguments(args(field), structuredClone(values) as Record<string, unknown>);
        throw new Error('expected a refusal');
      } catch (error) {
        expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: named } });
        expect((error as Error).message).not.toContain('\u0000');
      }
    }
  });
});
