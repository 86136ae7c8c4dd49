import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { type GraphQLArgument, type GraphQLInputType, type GraphQLSchema, getNamedType, isInputObjectType } from 'graphql';

/** The API schema clients see, derived from the committed supergraph. */
export function apiSchema(): GraphQLSchema {
  const sdl = readFileSync(path.resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8');
  return Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
}

function takesAnId(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (named.name === 'ID') return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => takesAnId(field.type, seen));
}

const namesATenant = (arg: GraphQLArgument) => arg.name === 'slug' || arg.name === 'tenantSlug';

/**
 * Every root field (query, mutation, subscription) that takes an id — directly or inside an
 * input object — or a tenant slug: each one reaches into a tenant or something it owns,
 * so each one must refuse a member of another tenant.
 */
export function tenantScopedRootFields(schema: GraphQLSchema): string[] {
  const fields: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      if (field.args.some((arg) => takesAnId(arg.type) || namesATenant(arg))) fields.push(`${root.name}.${field.name}`);
    }
  }
  return fields.sort();
}
