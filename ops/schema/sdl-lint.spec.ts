import { formatFinding, type LintRule, lintSubgraphSdl } from './sdl-lint';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external"])\n';

function rules(sdl: string): [LintRule, string][] {
  return lintSubgraphSdl('tenant', LINK + sdl, 'schema/tenant.graphql').map((finding) => [finding.rule, finding.coordinate]);
}

const CLEAN = `
"A tenant."
type Tenant @key(fields: "id") {
  "Identifier."
  id: ID!
  "Members, paged."
  members(first: Int = 20): [String!]!
}
"State."
enum TenantStatus {
  "In good standing."
  ACTIVE
  "Payment overdue."
  PAST_DUE
}
"What it takes to create a tenant."
input CreateTenantInput {
  "Display name."
  name: String!
}
type Query {
  "A tenant by id."
  tenant(id: ID!): Tenant
}
type Mutation {
  "Creates a tenant."
  createTenant(input: CreateTenantInput!): Tenant!
}
`;

describe('lintSubgraphSdl', () => {
  it('accepts a documented, conventionally named schema; root types and arguments need no description', () => {
    expect(rules(CLEAN)).toEqual([]);
  });

  it.each<[string, string, [LintRule, string][]]>([
    ['type not PascalCase', '"A t." type tenant_info { "x" id: ID! }', [['TYPE_NAME_PASCAL_CASE', 'tenant_info']]],
    ['field not camelCase', '"A t." type Tenant { "x" created_at: String }', [['FIELD_NAME_CAMEL_CASE', 'Tenant.created_at']]],
    ['input field not camelCase', '"I." input CreateTenantInput { "x" Name: String }', [['FIELD_NAME_CAMEL_CASE', 'CreateTenantInput.Name']]],
    ['argument not camelCase', '"A t." type Tenant { "x" members(page_size: Int): [String] }', [['ARGUMENT_NAME_CAMEL_CASE', 'Tenant.members(page_size:)']]],
    ['enum value not UPPER_SNAKE', '"S." enum Status { "x" active "y" PAST_DUE }', [['ENUM_VALUE_UPPER_SNAKE_CASE', 'Status.active']]],
    ['input without Input suffix', '"I." input CreateTenant { "x" name: String }', [['INPUT_TYPE_SUFFIX', 'CreateTenant']]],
    ['output type with Input suffix', '"T." type TenantInput { "x" id: ID }', [['INPUT_SUFFIX_RESERVED', 'TenantInput']]],
    ['enum with Enum suffix', '"S." enum StatusEnum { "x" ACTIVE }', [['ENUM_NAME_NO_ENUM_SUFFIX', 'StatusEnum']]],
    ['query field with get prefix', 'type Query { "x" getTenant: Int }', [['QUERY_FIELD_NO_GET_PREFIX', 'Query.getTenant']]],
    ['type without description', 'type Tenant { "x" id: ID }', [['DESCRIPTION_REQUIRED', 'Tenant']]],
    ['blank description', '"  " type Tenant { "x" id: ID }', [['DESCRIPTION_REQUIRED', 'Tenant']]],
    ['field without description', '"T." type Tenant { id: ID }', [['DESCRIPTION_REQUIRED', 'Tenant.id']]],
    ['root field without description', 'type Mutation { createTenant: Int }', [['DESCRIPTION_REQUIRED', 'Mutation.createTenant']]],
    ['enum value without description', '"S." enum Status { ACTIVE }', [['DESCRIPTION_REQUIRED', 'Status.ACTIVE']]],
    ['input field without description', '"I." input CreateTenantInput { name: String }', [['DESCRIPTION_REQUIRED', 'CreateTenantInput.name']]],
    ['deprecated without reason', '"T." type Tenant { "x" slug: String @deprecated }', [['DEPRECATION_REASON_REQUIRED', 'Tenant.slug']]],
    ['directive not camelCase', 'directive @Audited on FIELD_DEFINITION', [['DIRECTIVE_NAME_CAMEL_CASE', '@Audited']]],
  ])('%s', (_name, sdl, expected) => {
    expect(rules(sdl)).toEqual(expected);
  });

  it('skips federation definitions, `extend schema` and @external fields', () => {
    expect(rules('scalar _FieldSet\nscalar link__Import\n"T." type Tenant @key(fields: "id") { id: ID! @external "x" name: String }')).toEqual([]);
  });

  it('does not ask for a description on a type extension, only on its fields', () => {
    expect(rules('extend type Query { "x" a: Int b: Int }')).toEqual([['DESCRIPTION_REQUIRED', 'Query.b']]);
  });

  it('uses the root types named by a schema definition', () => {
    expect(rules('schema { query: Root }\ntype Root { "x" getTenant: Int }')).toEqual([['QUERY_FIELD_NO_GET_PREFIX', 'Root.getTenant']]);
  });

  it('prints a finding like a compiler error, with subgraph and location', () => {
    const [finding] = lintSubgraphSdl('tenant', LINK + '"T." type Tenant {\n  id: ID\n}', 'schema/tenant.graphql');
    expect(formatFinding(finding!)).toBe('error[DESCRIPTION_REQUIRED]: [tenant] field `Tenant.id` has no description\n  --> schema/tenant.graphql:3:3');
  });
});
