import { buildSchema } from 'graphql';
import { coordinateExists, crossCheckWithGraphqlJs, diffSchemas, downgradeRemovalsStillServed, type SchemaChange, type Severity } from './schema-diff';
import { buildSubgraphSchema } from './subgraph-schema';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])\n';

/** The published version every fixture edits. */
const BASE = `
directive @audited on FIELD_DEFINITION | OBJECT
type Query {
  tenant(id: ID!): Tenant
  tenants(first: Int = 20, after: String): [Tenant!]!
  search(text: String!): [SearchResult!]!
}
type Mutation {
  createTenant(input: CreateTenantInput!): Tenant!
}
"A tenant."
type Tenant @key(fields: "id") {
  id: ID!
  name: String!
  slug: String
  status: TenantStatus!
  auditLog(first: Int! = 20): [String!]!
}
enum TenantStatus {
  ACTIVE
  SUSPENDED
}
input CreateTenantInput {
  name: String!
  slug: String
}
interface Node {
  id: ID!
}
type User implements Node @key(fields: "id") {
  id: ID!
}
type Invitation {
  id: ID!
}
union SearchResult = Tenant | User
type Audit {
  at: String
}
`;

function edit(...replacements: [string, string][]): string {
  return replacements.reduce((sdl, [from, to]) => {
    if (!sdl.includes(from)) throw new Error(`fixture: "${from}" not in the base schema`);
    return sdl.replace(from, to);
  }, BASE);
}

function compare(before: string, after: string): { own: SchemaChange[]; all: SchemaChange[] } {
  const previous = buildSubgraphSchema(LINK + before);
  const proposed = buildSubgraphSchema(LINK + after);
  const own = diffSchemas(previous, proposed);
  return { own, all: crossCheckWithGraphqlJs(previous.schema, proposed.schema, own) };
}

const simplify = (changes: SchemaChange[]): [Severity, string, string][] => changes.map((change) => [change.severity, change.code, change.coordinate]);

interface Fixture {
  name: string;
  after: string;
  expected: [Severity, string, string][];
}

const FIXTURES: Fixture[] = [
  // Breaking
  { name: 'field removed', after: edit(['  slug: String\n  status', '  status']), expected: [['BREAKING', 'FIELD_REMOVED', 'Tenant.slug']] },
  { name: 'type removed', after: edit(['type Audit {\n  at: String\n}', '']), expected: [['BREAKING', 'TYPE_REMOVED', 'Audit']] },
  { name: 'type changed kind', after: edit(['enum TenantStatus {\n  ACTIVE\n  SUSPENDED\n}', 'scalar TenantStatus']), expected: [['BREAKING', 'TYPE_CHANGED_KIND', 'TenantStatus']] },
  { name: 'field changed type', after: edit(['  name: String!\n  slug', '  name: Int!\n  slug']), expected: [['BREAKING', 'FIELD_CHANGED_TYPE', 'Tenant.name']] },
  { name: 'field made nullable', after: edit(['  name: String!\n  slug', '  name: String\n  slug']), expected: [['BREAKING', 'FIELD_CHANGED_TYPE', 'Tenant.name']] },
  { name: 'required argument added', after: edit(['tenant(id: ID!)', 'tenant(id: ID!, region: String!)']), expected: [['BREAKING', 'REQUIRED_ARG_ADDED', 'Query.tenant(region:)']] },
  { name: 'argument made required', after: edit(['after: String)', 'after: String!)']), expected: [['BREAKING', 'ARG_MADE_REQUIRED', 'Query.tenants(after:)']] },
  { name: 'argument default removed from a non-null argument', after: edit(['auditLog(first: Int! = 20)', 'auditLog(first: Int!)']), expected: [['BREAKING', 'ARG_MADE_REQUIRED', 'Tenant.auditLog(first:)']] },
  { name: 'argument changed type', after: edit(['tenant(id: ID!)', 'tenant(id: String!)']), expected: [['BREAKING', 'ARG_CHANGED_TYPE', 'Query.tenant(id:)']] },
  { name: 'argument removed', after: edit([', after: String)', ')']), expected: [['BREAKING', 'ARG_REMOVED', 'Query.tenants(after:)']] },
  { name: 'enum value removed', after: edit(['  ACTIVE\n  SUSPENDED\n', '  ACTIVE\n']), expected: [['BREAKING', 'ENUM_VALUE_REMOVED', 'TenantStatus.SUSPENDED']] },
  { name: 'input field removed', after: edit(['  name: String!\n  slug: String\n}\ninterface', '  name: String!\n}\ninterface']), expected: [['BREAKING', 'INPUT_FIELD_REMOVED', 'CreateTenantInput.slug']] },
  {
    name: 'required input field added',
    after: edit(['  name: String!\n  slug: String\n}\ninterface', '  name: String!\n  slug: String\n  plan: String!\n}\ninterface']),
    expected: [['BREAKING', 'REQUIRED_INPUT_FIELD_ADDED', 'CreateTenantInput.plan']],
  },
  {
    name: 'input field made required',
    after: edit(['  name: String!\n  slug: String\n}\ninterface', '  name: String!\n  slug: String!\n}\ninterface']),
    expected: [['BREAKING', 'INPUT_FIELD_MADE_REQUIRED', 'CreateTenantInput.slug']],
  },
  {
    name: 'input field changed type',
    after: edit(['  name: String!\n  slug: String\n}\ninterface', '  name: Int!\n  slug: String\n}\ninterface']),
    expected: [['BREAKING', 'INPUT_FIELD_CHANGED_TYPE', 'CreateTenantInput.name']],
  },
  { name: '@key removed', after: edit(['type Tenant @key(fields: "id") {', 'type Tenant {']), expected: [['BREAKING', 'KEY_REMOVED', 'Tenant']] },
  { name: '@key changed', after: edit(['type Tenant @key(fields: "id") {', 'type Tenant @key(fields: "slug") {']), expected: [['BREAKING', 'KEY_CHANGED', 'Tenant']] },
  {
    name: '@key made unresolvable',
    after: edit(['type Tenant @key(fields: "id") {', 'type Tenant @key(fields: "id", resolvable: false) {']),
    expected: [['BREAKING', 'KEY_CHANGED', 'Tenant']],
  },
  { name: 'interface implementation removed', after: edit(['type User implements Node @key', 'type User @key']), expected: [['BREAKING', 'IMPLEMENTED_INTERFACE_REMOVED', 'User']] },
  { name: 'union member removed', after: edit(['= Tenant | User', '= Tenant']), expected: [['BREAKING', 'UNION_MEMBER_REMOVED', 'SearchResult']] },
  { name: 'directive removed', after: edit(['directive @audited on FIELD_DEFINITION | OBJECT\n', '']), expected: [['BREAKING', 'DIRECTIVE_REMOVED', '@audited']] },
  // Dangerous
  { name: 'enum value added', after: edit(['  ACTIVE\n  SUSPENDED\n', '  ACTIVE\n  SUSPENDED\n  DELETED\n']), expected: [['DANGEROUS', 'ENUM_VALUE_ADDED', 'TenantStatus.DELETED']] },
  { name: 'argument default changed', after: edit(['first: Int = 20', 'first: Int = 50']), expected: [['DANGEROUS', 'ARG_DEFAULT_VALUE_CHANGED', 'Query.tenants(first:)']] },
  { name: 'argument default removed from a nullable argument', after: edit(['first: Int = 20', 'first: Int']), expected: [['DANGEROUS', 'ARG_DEFAULT_VALUE_CHANGED', 'Query.tenants(first:)']] },
  {
    name: 'input field default added',
    after: edit(['  name: String!\n  slug: String\n}\ninterface', '  name: String!\n  slug: String = "acme"\n}\ninterface']),
    expected: [['DANGEROUS', 'INPUT_FIELD_DEFAULT_VALUE_CHANGED', 'CreateTenantInput.slug']],
  },
  { name: 'union member added', after: edit(['= Tenant | User', '= Tenant | User | Invitation']), expected: [['DANGEROUS', 'UNION_MEMBER_ADDED', 'SearchResult']] },
  {
    name: 'interface implementation added',
    after: edit(['type Invitation {', 'type Invitation implements Node {']),
    expected: [['DANGEROUS', 'IMPLEMENTED_INTERFACE_ADDED', 'Invitation']],
  },
  // Safe
  { name: 'field added', after: edit(['  id: ID!\n  name: String!', '  id: ID!\n  createdAt: String!\n  name: String!']), expected: [['SAFE', 'FIELD_ADDED', 'Tenant.createdAt']] },
  { name: 'type added', after: `${BASE}type Plan { code: String! }\n`, expected: [['SAFE', 'TYPE_ADDED', 'Plan']] },
  { name: 'optional argument added', after: edit(['tenant(id: ID!)', 'tenant(id: ID!, region: String)']), expected: [['SAFE', 'OPTIONAL_ARG_ADDED', 'Query.tenant(region:)']] },
  {
    name: 'argument added with a default',
    after: edit(['tenant(id: ID!)', 'tenant(id: ID!, active: Boolean! = true)']),
    expected: [['SAFE', 'OPTIONAL_ARG_ADDED', 'Query.tenant(active:)']],
  },
  {
    name: 'optional input field added',
    after: edit(['  name: String!\n  slug: String\n}\ninterface', '  name: String!\n  slug: String\n  plan: String\n}\ninterface']),
    expected: [['SAFE', 'OPTIONAL_INPUT_FIELD_ADDED', 'CreateTenantInput.plan']],
  },
  { name: 'field made non-null', after: edit(['  slug: String\n  status', '  slug: String!\n  status']), expected: [['SAFE', 'FIELD_CHANGED_TYPE', 'Tenant.slug']] },
  { name: 'argument made optional', after: edit(['tenant(id: ID!)', 'tenant(id: ID)']), expected: [['SAFE', 'ARG_CHANGED_TYPE', 'Query.tenant(id:)']] },
  { name: '@key added', after: edit(['type Tenant @key(fields: "id") {', 'type Tenant @key(fields: "id") @key(fields: "slug") {']), expected: [['SAFE', 'KEY_ADDED', 'Tenant']] },
  {
    name: 'field deprecated',
    after: edit(['  slug: String\n  status', '  slug: String @deprecated(reason: "Use `name`.")\n  status']),
    expected: [['SAFE', 'DEPRECATED', 'Tenant.slug']],
  },
  { name: 'description changed', after: edit(['"A tenant."', '"An organization."']), expected: [['SAFE', 'DESCRIPTION_CHANGED', 'Tenant']] },
  { name: 'directive added', after: `${BASE}directive @internal on FIELD_DEFINITION\n`, expected: [['SAFE', 'DIRECTIVE_ADDED', '@internal']] },
];

describe('diffSchemas classifies each kind of change', () => {
  it.each(FIXTURES)('$name', ({ after, expected }) => {
    const { own, all } = compare(BASE, after);
    expect(simplify(own)).toEqual(expected);
    // graphql-js's findBreakingChanges/findDangerousChanges find nothing the diff missed.
    expect(all).toEqual(own);
  });

  it('reports nothing when only formatting, comments and definition order change', () => {
    const reordered = `# reformatted\n${BASE.replace('type Audit {\n  at: String\n}', '')}\ntype Audit { at: String }`.replace('@key(fields: "id")', '@key(fields: " id ")');
    expect(compare(BASE, reordered).all).toEqual([]);
  });

  it('sorts breaking changes first and names each coordinate in the description', () => {
    const { all } = compare(BASE, edit(['  ACTIVE\n  SUSPENDED\n', '  ACTIVE\n  DELETED\n'], ['tenant(id: ID!)', 'tenant(id: ID!, region: String)']));
    expect(simplify(all)).toEqual([
      ['BREAKING', 'ENUM_VALUE_REMOVED', 'TenantStatus.SUSPENDED'],
      ['DANGEROUS', 'ENUM_VALUE_ADDED', 'TenantStatus.DELETED'],
      ['SAFE', 'OPTIONAL_ARG_ADDED', 'Query.tenant(region:)'],
    ]);
    expect(all[0]!.description).toBe('enum `TenantStatus`: value `SUSPENDED` removed');
  });

  it('treats a subgraph without a published schema as all additions, and a removed one as all removals', () => {
    const added = diffSchemas(buildSubgraphSchema(undefined), buildSubgraphSchema(LINK + 'type Query { a: Int }'));
    expect(simplify(added)).toEqual([['SAFE', 'TYPE_ADDED', 'Query']]);
    const removed = diffSchemas(buildSubgraphSchema(LINK + 'type Query { a: Int }'), buildSubgraphSchema(undefined));
    expect(simplify(removed)).toEqual([['BREAKING', 'TYPE_REMOVED', 'Query']]);
  });

  it('accepts federation-1 style `extend type` without a base definition', () => {
    const { all } = compare('extend type Query { a: Int }', 'extend type Query { a: Int b: Int }');
    expect(simplify(all)).toEqual([['SAFE', 'FIELD_ADDED', 'Query.b']]);
  });
});

describe('crossCheckWithGraphqlJs', () => {
  it('adds what graphql-js finds and the diff does not report, under graphql-js change type', () => {
    const { own, all } = compare(BASE, edit(['directive @audited on FIELD_DEFINITION | OBJECT', 'directive @audited on FIELD_DEFINITION']));
    expect(own).toEqual([]);
    expect(simplify(all)).toEqual([['BREAKING', 'DIRECTIVE_LOCATION_REMOVED', '-']]);
    expect(all[0]!.description).toBe('OBJECT was removed from audited');
  });
});

describe('downgradeRemovalsStillServed', () => {
  const previous = buildSubgraphSchema(LINK + 'type Query { a: PageInfo }\ntype PageInfo @shareable { hasNextPage: Boolean! endCursor: String }').schema;

  it('makes a removal DANGEROUS when the supergraph still serves it from another subgraph', () => {
    const supergraph = buildSchema('type Query { a: PageInfo b: Int }\ntype PageInfo { hasNextPage: Boolean! endCursor: String }');
    const changes: SchemaChange[] = [
      { severity: 'BREAKING', code: 'TYPE_REMOVED', coordinate: 'PageInfo', description: 'type `PageInfo` removed' },
      { severity: 'BREAKING', code: 'FIELD_REMOVED', coordinate: 'Query.b', description: 'type `Query`: field `b` removed' },
    ];
    expect(simplify(downgradeRemovalsStillServed(changes, previous, supergraph))).toEqual([
      ['DANGEROUS', 'TYPE_REMOVED', 'PageInfo'],
      ['DANGEROUS', 'FIELD_REMOVED', 'Query.b'],
    ]);
  });

  it('keeps a removed type BREAKING when some of its fields are gone from the supergraph', () => {
    const supergraph = buildSchema('type Query { a: PageInfo }\ntype PageInfo { hasNextPage: Boolean! }');
    const changes: SchemaChange[] = [{ severity: 'BREAKING', code: 'TYPE_REMOVED', coordinate: 'PageInfo', description: 'type `PageInfo` removed' }];
    expect(simplify(downgradeRemovalsStillServed(changes, previous, supergraph))).toEqual([['BREAKING', 'TYPE_REMOVED', 'PageInfo']]);
  });

  it('resolves schema coordinates', () => {
    const schema = buildSchema('type Query { a(x: Int): E }\nenum E { ONE }\ninput I { f: Int }');
    expect(['Query', 'Query.a', 'Query.a(x:)', 'E.ONE', 'I.f'].map((coordinate) => coordinateExists(schema, coordinate))).toEqual([true, true, true, true, true]);
    expect(['Nope', 'Query.b', 'Query.a(y:)', 'E.TWO', 'E.ONE(x:)', '@skip'].map((coordinate) => coordinateExists(schema, coordinate))).toEqual([false, false, false, false, false, false]);
  });
});
