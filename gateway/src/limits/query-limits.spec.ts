import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { type DocumentNode, getIntrospectionQuery, type GraphQLSchema, Kind, parse } from 'graphql';
import { estimateCost } from './query-cost';
import { checkOperation, checkTokens, DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits';

const schema: GraphQLSchema = Supergraph.build(readFileSync(path.resolve(__dirname, '../../../schema/supergraph.graphql'), 'utf8'))
  .apiSchema()
  .toGraphQLJSSchema();
const limits: QueryLimits = DEFAULT_QUERY_LIMITS;

const check = (source: string, variables: Record<string, unknown> = {}) => checkTokens(source, limits) ?? checkOperation(schema, parse(source), undefined, variables, limits);
const costOf = (source: string, variables: Record<string, unknown> = {}) => {
  const document = parse(source);
  const operation = document.definitions[0];
  if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
  return estimateCost(schema, document, operation, variables, { defaultListSize: limits.defaultListSize, maxPageSize: limits.maxPageSize });
};

/** `me { memberships { tenant { members { user { memberships ... } } } } }`, `depth` memberships deep. */
function cyclic(depth: number): string {
  let inner = 'id';
  for (let level = 0; level < depth; level++) inner = `memberships { tenant { members { user { ${inner} } } } }`;
  return `{ me { ${inner} } }`;
}

describe('query limits (issue 14, High 2)', () => {
  it('refuses the cyclic fan-out query at depth 50 by its depth, before any planning', () => {
    expect(check(cyclic(50))?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxDepth' });
  });

  it('refuses a shallower cyclic query by its cost: lists multiply', () => {
    const source = cyclic(2);
    expect(costOf(source)).toBeGreaterThan(limits.maxCost);
    expect(check(source)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' });
  });

  it('refuses 1,000 aliases of plans by their tokens, and 31 by the alias limit', () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `p${i}: plans { code }`).join(' ')} }`;
    expect(checkTokens(aliases(1_000), limits)?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens' });
    expect(check(aliases(limits.maxAliases + 1))?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxAliases' });
    expect(check(aliases(limits.maxAliases))).toBeUndefined();
  });

  it('counts a page by its first argument, literal or variable', () => {
    const page = (first: string) => `query($n: Int) { tenant(id: "t") { instances(first: ${first}) { edges { node { id name } } } } }`;
    // tenant 1 + instances 1 + edges (1 + n × node (1 + id 1 + name 1))
    expect(costOf(page('10'))).toBe(3 + 10 * 3);
    expect(costOf(page('$n'), { n: 100 })).toBe(3 + 100 * 3);
    // Beyond the largest page the subgraphs serve: theirs to refuse (BAD_USER_INPUT naming `first`).
    expect(costOf(page('1000'))).toBe(3 + 100 * 3);
  });

  it('lets every operation of the console through, and GraphiQL introspection', async () => {
    const consoleDocuments: Record<string, unknown> = await import(path.resolve(__dirname, '../../../console/src/__generated__/graphql'));
    const documents = Object.entries(consoleDocuments).filter((entry): entry is [string, DocumentNode] => (entry[1] as { kind?: string } | undefined)?.kind === Kind.DOCUMENT);
    expect(documents.length).toBeGreaterThan(10);
    for (const [name, document] of documents) {
      const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
      const variables = { first: 50 };
      expect([name, checkOperation(schema, document, operation && 'name' in operation ? operation.name?.value : undefined, variables, limits)?.message]).toEqual([name, undefined]);
    }
    expect(check(getIntrospectionQuery())).toBeUndefined();
  });
});
