import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AllowList, findAllowance, parseAllowList, readAllowList } from './allowed-breaking-changes';
import { composeSupergraph } from './compose-supergraph';
import { checkContract } from './contract';
import { readPublishedSchemas, runSchemaCheck, type SchemaCheckInput } from './schema-check';
import type { SubgraphSource } from './supergraph-config';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])\n';

const TENANT_V1 = `${LINK}
"A tenant."
type Tenant @key(fields: "id") {
  "Identifier."
  id: ID!
  "Unique DNS label."
  slug: String!
  "Display name."
  name: String!
}
type Query {
  "A tenant by id."
  tenant(id: ID!): Tenant
}
`;

function tenant(sdl: string): SubgraphSource {
  return { name: 'tenant', url: 'http://tenant', file: 'schema/tenant.graphql', sdl };
}

function input(overrides: Partial<SchemaCheckInput> & { sdl?: string } = {}): SchemaCheckInput {
  const subgraphs = overrides.subgraphs ?? [tenant(overrides.sdl ?? TENANT_V1)];
  return {
    subgraphs,
    committedSupergraph: composeSupergraph(subgraphs).supergraphSdl,
    published: new Map([['tenant', TENANT_V1]]),
    publishedDir: 'schema/published',
    allowList: { entries: [], problems: [] },
    allowListFile: 'schema/allowed-breaking-changes.json',
    contract: { sdl: 'type Query { tenant(id: ID!): Tenant }\ntype Tenant { id: ID! slug: String! }', file: 'API.graphql' },
    ...overrides,
  };
}

const WITHOUT_SLUG = TENANT_V1.replace('  "Unique DNS label."\n  slug: String!\n', '');

describe('runSchemaCheck', () => {
  it('passes when nothing changed since the last publish', () => {
    const result = runSchemaCheck(input());
    expect(result.failures).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.lines).toContain('  There were no changes detected.');
  });

  it('fails on a breaking change committed without publishing, and says how to allow it', () => {
    const result = runSchemaCheck(input({ sdl: WITHOUT_SLUG, contract: undefined }));
    expect(result.failures).toEqual(['tenant: 1 breaking change not allowed']);
    const output = result.lines.join('\n');
    expect(output).toMatch(/│ FAIL +│ BREAKING +│ FIELD_REMOVED +│ Tenant\.slug +│ type `Tenant`: field `slug` removed +│/);
    expect(output).toContain('{"subgraph":"tenant","code":"FIELD_REMOVED","coordinate":"Tenant.slug","reason":"TODO: why breaking clients is acceptable"}');
  });

  it('passes a breaking change listed in the allow-list, and prints dangerous and safe changes too', () => {
    const sdl = WITHOUT_SLUG.replace('  name: String!\n', '  name: String!\n  "Created at."\n  createdAt: String\n').replace('tenant(id: ID!)', 'tenant(id: ID!, first: Int = 1)');
    const allowList: AllowList = { entries: [{ subgraph: 'tenant', code: 'FIELD_REMOVED', coordinate: 'Tenant.slug', reason: 'No client reads it (checked usage)' }], problems: [] };
    const result = runSchemaCheck(input({ sdl, allowList, contract: undefined }));
    expect(result.failures).toEqual([]);
    const output = result.lines.join('\n');
    expect(output).toMatch(/│ ALLOWED +│ BREAKING +│ FIELD_REMOVED +│ Tenant\.slug/);
    expect(output).toMatch(/│ PASS +│ SAFE +│ FIELD_ADDED +│ Tenant\.createdAt/);
    expect(output).toMatch(/│ PASS +│ SAFE +│ OPTIONAL_ARG_ADDED +│ Query\.tenant\(first:\)/);
    expect(output).toContain('tenant: 1 breaking change (1 allowed), 0 dangerous, 2 safe');
  });

  it('warns about allow-list entries that no longer match a change', () => {
    const allowList: AllowList = { entries: [{ subgraph: 'tenant', code: 'FIELD_REMOVED', coordinate: 'Tenant.gone', reason: 'Long published already' }], problems: [] };
    const result = runSchemaCheck(input({ allowList }));
    expect(result.failures).toEqual([]);
    expect(result.warnings).toEqual(['schema/allowed-breaking-changes.json: tenant FIELD_REMOVED Tenant.gone matches no change any more; remove it']);
  });

  it('fails when the committed supergraph is stale', () => {
    const result = runSchemaCheck(input({ committedSupergraph: 'schema { query: Query }\n' }));
    expect(result.failures).toEqual(['schema/supergraph.graphql is not up to date']);
    expect(result.lines.join('\n')).toContain('run `npm run schema:compose`');
  });

  it('fails when composition fails, and skips what needs a supergraph', () => {
    const billing: SubgraphSource = { name: 'billing', url: 'http://billing', file: 'schema/billing.graphql', sdl: `${LINK}type Tenant @key(fields: "id") { id: ID! name: Int! }` };
    const subgraphs = [tenant(TENANT_V1), billing];
    const result = runSchemaCheck(input({ subgraphs, committedSupergraph: undefined }));
    expect(result.failures[0]).toBe('composition failed with 2 errors');
    const output = result.lines.join('\n');
    expect(output).toContain('error[FIELD_TYPE_MISMATCH]: Type of field "Tenant.name" is incompatible across subgraphs');
    expect(output).toContain('--> schema/billing.graphql:2:42 (subgraph billing)');
  });

  it('fails on lint findings', () => {
    const sdl = TENANT_V1.replace('  "Display name."\n  name: String!\n', '  display_name: String!\n');
    const result = runSchemaCheck(input({ sdl, published: new Map([['tenant', sdl]]) }));
    expect(result.failures).toEqual(['2 lint findings']);
    expect(result.lines).toContain('error[FIELD_NAME_CAMEL_CASE]: [tenant] field `Tenant.display_name` should be camelCase\n  --> schema/tenant.graphql:9:3');
  });

  it('fails when the supergraph lost a root field of the public contract, and warns when the contract is absent', () => {
    const contract = { sdl: 'type Query { tenant(id: ID!): Tenant tenants: [Tenant!]! }', file: 'API.graphql' };
    expect(runSchemaCheck(input({ contract })).failures).toEqual(['1 contract violation']);
    expect(runSchemaCheck(input({ contract: undefined })).warnings[0]).toMatch(/API contract was not found/);
  });

  it('compares against an empty schema for a subgraph never published, and a removed subgraph against nothing', () => {
    const fresh = runSchemaCheck(input({ published: new Map() }));
    expect(fresh.failures).toEqual([]);
    expect(fresh.warnings[0]).toMatch(/^tenant has no published schema/);
    const removed = runSchemaCheck(input({ published: new Map([['tenant', TENANT_V1], ['legacy', `${LINK}"L." type Legacy { "x" id: ID }`]]) }));
    expect(removed.failures).toEqual(['legacy: 1 breaking change not allowed']);
  });
});

describe('allow-list file', () => {
  it('requires subgraph, code, coordinate and a real reason', () => {
    const list = parseAllowList(
      {
        allowed: [
          { subgraph: 'tenant', code: 'FIELD_REMOVED', coordinate: 'Tenant.slug', reason: 'Unused since v2' },
          { subgraph: 'tenant', code: 'FIELD_REMOVED', coordinate: 'Tenant.name' },
          { subgraph: 'tenant', code: 'FIELD_REMOVED', coordinate: 'Tenant.id', reason: 'TODO: why breaking clients is acceptable' },
        ],
      },
      'allowed.json',
    );
    expect(list.entries).toHaveLength(1);
    expect(list.problems).toEqual(['allowed.json: allowed[1] needs a non-empty reason', 'allowed.json: allowed[2] (Tenant.id) still has a TODO reason']);
    expect(parseAllowList([], 'allowed.json').problems).toEqual(['allowed.json: expected { "allowed": [ ... ] }']);
  });

  it('matches on subgraph, code and coordinate', () => {
    const entries = [{ subgraph: 'tenant', code: 'FIELD_REMOVED', coordinate: 'Tenant.slug', reason: 'Unused' }];
    const change = { severity: 'BREAKING' as const, code: 'FIELD_REMOVED', coordinate: 'Tenant.slug', description: '' };
    expect(findAllowance(entries, 'tenant', change)).toBe(entries[0]);
    expect(findAllowance(entries, 'billing', change)).toBeUndefined();
    expect(findAllowance(entries, 'tenant', { ...change, code: 'FIELD_CHANGED_TYPE' })).toBeUndefined();
  });

  it('reads files: a missing one allows nothing, invalid JSON is a problem; published schemas are read per subgraph', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'schema-check-'));
    try {
      expect(readAllowList(path.join(directory, 'none.json'))).toEqual({ entries: [], problems: [] });
      writeFileSync(path.join(directory, 'bad.json'), '{');
      expect(readAllowList(path.join(directory, 'bad.json')).problems[0]).toMatch(/not valid JSON/);
      writeFileSync(path.join(directory, 'tenant.graphql'), 'type Query { a: Int }');
      writeFileSync(path.join(directory, 'notes.txt'), '');
      expect([...readPublishedSchemas(directory).keys()]).toEqual(['tenant']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('checkContract', () => {
  const supergraph = composeSupergraph([
    tenant(`${TENANT_V1}enum Role { "o" OWNER "a" ADMIN }\ntype Mutation { "x" invite(tenantId: ID!, role: Role!, note: String, email: String!): Boolean! }`),
  ]).apiSchema!;

  it('accepts a supergraph that serves everything the contract names', () => {
    expect(checkContract('type Query { tenant(id: ID!): Tenant }\ntype Tenant { id: ID! slug: String! }\nenum Role { OWNER }\ntype Mutation { invite(tenantId: ID!, role: Role!, email: String!): Boolean! }', supergraph)).toEqual([]);
  });

  it('reports what is missing, changed or newly required', () => {
    const contract = [
      'type Query { tenant(id: ID!, slug: String): Tenant! tenants: [Tenant!]! }',
      'type Tenant { id: ID! status: String }',
      'enum Role { OWNER MEMBER }',
      'type Mutation { invite(tenantId: ID!, role: Role!): Boolean! }',
      'type Plan { code: String! }',
    ].join('\n');
    expect(checkContract(contract, supergraph).map((violation) => [violation.code, violation.coordinate])).toEqual([
      ['CONTRACT_FIELD_TYPE_CHANGED', 'Query.tenant'],
      ['CONTRACT_ARG_MISSING', 'Query.tenant(slug:)'],
      ['CONTRACT_ROOT_FIELD_MISSING', 'Query.tenants'],
      ['CONTRACT_FIELD_MISSING', 'Tenant.status'],
      ['CONTRACT_ENUM_VALUE_MISSING', 'Role.MEMBER'],
      ['CONTRACT_REQUIRED_ARG_ADDED', 'Mutation.invite(email:)'],
      ['CONTRACT_TYPE_MISSING', 'Plan'],
    ]);
  });
});
