import { composeSupergraph } from './compose-supergraph';
import type { SubgraphSource } from './supergraph-config';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])\n';

function subgraph(name: string, sdl: string): SubgraphSource {
  return { name, url: `http://${name}`, file: `schema/${name}.graphql`, sdl: LINK + sdl };
}

describe('composeSupergraph', () => {
  it('composes and returns the supergraph SDL and the API schema clients see', () => {
    const report = composeSupergraph([
      subgraph('tenant', 'type Query { tenant: Tenant }\ntype Tenant @key(fields: "id") { id: ID! name: String! }'),
      subgraph('billing', 'type Tenant @key(fields: "id") { id: ID! plan: String }'),
    ]);
    expect(report.errors).toEqual([]);
    expect(report.supergraphSdl).toContain('join__Graph');
    expect(Object.keys((report.apiSchema!.getType('Tenant') as unknown as { getFields(): object }).getFields()).sort()).toEqual(['id', 'name', 'plan']);
    expect(report.apiSchema!.getType('join__Graph')).toBeUndefined();
  });

  it('names the subgraphs, the type and field, and where each definition is', () => {
    const report = composeSupergraph([
      subgraph('tenant', 'type Query { tenant: Tenant }\ntype Tenant @key(fields: "id") @shareable { id: ID! name: String! }'),
      subgraph('billing', 'type Tenant @key(fields: "id") @shareable { id: ID!\n  name: Int! }'),
    ]);
    expect(report.supergraphSdl).toBeUndefined();
    expect(report.errors).toEqual([
      [
        'error[FIELD_TYPE_MISMATCH]: Type of field "Tenant.name" is incompatible across subgraphs: it has type "Int!" in subgraph "billing" but type "String!" in subgraph "tenant"',
        '  --> schema/billing.graphql:3:3 (subgraph billing)',
        '  --> schema/tenant.graphql:3:53 (subgraph tenant)',
      ].join('\n'),
    ]);
  });

  it('reports a subgraph validation error with the subgraph it comes from', () => {
    const report = composeSupergraph([subgraph('tenant', 'type Query { tenant: Tenant }\ntype Tenant @key(fields: "uuid") { id: ID! }')]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(/^error\[KEY_INVALID_FIELDS\]: \[tenant\] On type "Tenant", for @key\(fields: "uuid"\)/);
    expect(report.errors[0]).toContain('--> schema/tenant.graphql:3:13 (subgraph tenant)');
  });

  it('reports a syntax error with subgraph, file, line and column', () => {
    const report = composeSupergraph([subgraph('tenant', 'type Query {\n  tenant(id: ID!: Tenant\n}')]);
    expect(report.errors).toEqual(['error[INVALID_GRAPHQL]: [tenant] Syntax Error: Expected Name, found ":".\n  --> schema/tenant.graphql:3:17 (subgraph tenant)']);
  });
});
