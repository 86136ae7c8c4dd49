import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { BadUserInputError } from '@saas/errors';
import {
  getNamedType,
  getNullableType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  isInputObjectType,
  isListType,
} from 'graphql';

/**
 * Every UUID spelling PostgreSQL accepts as the same value: upper or lower case, optional
 * braces, a hyphen (or none) after any group of four digits. Two spellings of one id must
 * never be two cache keys, two lookups or two unequal strings in a comparison.
 */
const UUID_SPELLING = /^\{?[0-9a-f]{4}(?:-?[0-9a-f]{4}){7}\}?$/i;

/** Longer than any id the platform issues: refused before it reaches a lookup or a key. */
export const MAX_ID_LENGTH = 100;

/** The canonical form of an id: a UUID in any spelling becomes lower-case 8-4-4-4-12; anything else is unchanged. */
export function canonicalId(value: string): string {
  if (!UUID_SPELLING.test(value)) return value;
  const hex = value.replace(/[{}-]/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An id argument as the platform uses it: canonical, and never longer than MAX_ID_LENGTH. */
function parseIdValue(value: unknown, name: string): unknown {
  if (typeof value !== 'string') return value;
  if (value.includes('\u0000')) throw new BadUserInputError(`${name} must not contain NUL characters.`, name);
  if (value.length > MAX_ID_LENGTH) throw new BadUserInputError(`${name} is not a valid id (longer than ${MAX_ID_LENGTH} characters).`, name);
  return canonicalId(value);
}

/**
 * Rewrites, in place, every ID-typed value of `value` (a list, an input object or a scalar) to
 * its canonical form, and refuses any string holding a NUL (PostgreSQL cannot store one).
 */
function canonicalizeValue(type: GraphQLInputType, value: unknown, name: string): unknown {
  if (value === null || value === undefined) return value;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return value;
    for (let i = 0; i < value.length; i++) value[i] = canonicalizeValue(nullable.ofType as GraphQLInputType, value[i], name);
    return value;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value === 'object') canonicalizeFields(Object.values(nullable.getFields()), value as Record<string, unknown>, name);
    return value;
  }
  if (typeof value === 'string' && value.includes('\u0000')) throw new BadUserInputError(`${name} must not contain NUL characters.`, name);
  return getNamedType(nullable).name === 'ID' ? parseIdValue(value, name) : value;
}

function canonicalizeFields(fields: readonly (GraphQLArgument | GraphQLInputField)[], values: Record<string, unknown>, path?: string): void {
  for (const field of fields) {
    if (!(field.name in values)) continue;
    values[field.name] = canonicalizeValue(field.type, values[field.name], path ? `${path}.${field.name}` : field.name);
  }
}

/**
 * Federation entity references (`_entities(representations:)`) carry ids as `_Any`: their
 * `id` and `...Id` keys are ids too.
 */
function canonicalizeRepresentations(representations: unknown): void {
  if (!Array.isArray(representations)) return;
  for (const representation of representations) {
    if (!representation || typeof representation !== 'object') continue;
    const fields = representation as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (key === 'id' || key.endsWith('Id')) fields[key] = parseIdValue(fields[key], key);
    }
  }
}

/**
 * The arguments of a field with every id in canonical form (in place, and returned). The one
 * place ids are parsed: the subgraphs run it on every field through `canonicalIdsPlugin`,
 * the gateway's live layer on each subscription's arguments.
 */
export function canonicalizeArguments<T extends Record<string, unknown>>(definitions: readonly GraphQLArgument[], args: T, fieldName?: string): T {
  canonicalizeFields(definitions, args);
  if (fieldName === '_entities') canonicalizeRepresentations(args.representations);
  return args;
}

/**
 * Every resolver of the subgraph sees ids only in canonical form: the arguments object a
 * resolver receives is rewritten before it runs (Apollo Server hands the same object to the
 * plugin and the resolver).
 */
export function canonicalIdsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart() {
          return {
            willResolveField({ args, info }) {
              if (Object.keys(args).length === 0) return;
              const definition = info.parentType.getFields()[info.fieldName];
              if (definition) canonicalizeArguments(definition.args, args as Record<string, unknown>, info.fieldName);
            },
          };
        },
      };
    },
  };
}
