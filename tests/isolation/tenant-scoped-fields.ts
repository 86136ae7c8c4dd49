import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { type GraphQLArgument, type GraphQLInputType, type GraphQLSchema, getNamedType, isInputObjectType, isScalarType } from 'graphql';

/** The API schema clients see, derived from the committed supergraph. */
export function apiSchema(): GraphQLSchema {
  const sdl = readFileSync(path.resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8');
  return Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
}

/** An argument or input field whose name says it points at a tenant or something it owns. */
const NAMES_A_TENANT_OR_ITS_THING = /id$|Id$|slug|number|subdomain/i;

/** Inside an input object, a field named like an id (a slug or subdomain there is one being chosen). */
const NAMES_AN_ID = /id$/i;

/**
 * An id, directly or anywhere inside an input object (`CreateInstanceInput.tenantId`): typed
 * ID, or an input field of any scalar type named like an id (`tenantId: String`).
 */
function takesAnId(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (named.name === 'ID') return true;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some(
    (field) => takesAnId(field.type, seen) || (isScalarType(getNamedType(field.type)) && NAMES_AN_ID.test(field.name)),
  );
}

/**
 * A scalar argument named like a tenant's or a tenant-owned thing's handle, whatever its
 * type: a field added with `tenantId: String` or `invoiceNumber: Int` is caught too.
 */
const namesATenant = (arg: GraphQLArgument) => isScalarType(getNamedType(arg.type)) && NAMES_A_TENANT_OR_ITS_THING.test(arg.name);

/**
 * Every root field (query, mutation, subscription) that takes an id — directly or inside an
 * input object — or a scalar argument named like an id, a slug, a number or a subdomain:
 * each one reaches into a tenant or something it owns, so each one must refuse a member of
 * another tenant.
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
