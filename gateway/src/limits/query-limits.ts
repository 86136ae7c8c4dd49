import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { ErrorCode } from '@saas/errors';
import { type DocumentNode, getOperationAST, GraphQLError, type GraphQLSchema, Lexer, Source, TokenKind, validate, type ValidationContext } from 'graphql';
import { estimateCost } from './query-cost';

/** What one operation may ask for; every refusal is `QUERY_TOO_COMPLEX` with the limit named. */
export interface QueryLimits {
  /** Nesting of selections (fragments flattened, introspection aside). */
  maxDepth: number;
  /** Aliased fields in the whole operation. */
  maxAliases: number;
  /** Lexical tokens of the document: bounds parsing and validation work. */
  maxTokens: number;
  /** Estimated fields resolved, lists counted by their page size (query-cost.ts). */
  maxCost: number;
  /** The length assumed for a list no argument bounds. */
  defaultListSize: number;
  /** The largest page the subgraphs serve; a bigger `first` counts as this (the subgraph refuses it). */
  maxPageSize: number;
}

/** Defaults (README, Security): the console's and the tests' largest operations stay well below them. */
export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxTokens: 3_000, maxCost: 25_000, defaultListSize: 20, maxPageSize: 100 };

export const QUERY_TOO_COMPLEX = ErrorCode.QUERY_TOO_COMPLEX;

function refusal(message: string, limit: string, value: number, allowed: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: QUERY_TOO_COMPLEX, limit, value, allowed, http: { status: 400 } } });
}

/** Counts tokens up to one past the limit, without parsing: a 1 MB document is never parsed whole when it is over. */
export function checkTokens(source: string, limits: QueryLimits): GraphQLError | undefined {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      count += 1;
      if (count > limits.maxTokens) return refusal(`The operation has more than ${limits.maxTokens} tokens.`, 'maxTokens', count, limits.maxTokens);
    }
  } catch {
    // A syntax error is the parser's to report, with its own code.
  }
  return undefined;
}

/**
 * Depth, aliases and estimated cost of a parsed operation, checked before the gateway plans
 * it: on HTTP (query-limits-plugin.ts) and on graphql-ws (live-server.ts) alike.
 */
export function checkOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, limits: QueryLimits): GraphQLError | undefined {
  const report = { propagateOnRejection: false, onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)] };
  const [ruleError] = validate(schema, document, [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...report }),
    maxAliasesRule({ n: limits.maxAliases, ...report }),
  ]);
  if (ruleError) {
    const limit = /depth/i.test(ruleError.message) ? 'maxDepth' : 'maxAliases';
    const found = Number(/found (\d+)/.exec(ruleError.message)?.[1] ?? Number.NaN);
    const allowed = limit === 'maxDepth' ? limits.maxDepth : limits.maxAliases;
    return refusal(limit === 'maxDepth' ? `The operation is nested deeper than ${allowed} levels.` : `The operation has more than ${allowed} aliases.`, limit, found, allowed);
  }
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const cost = estimateCost(schema, document, operation, variables, { defaultListSize: limits.defaultListSize, maxPageSize: limits.maxPageSize });
  if (cost > limits.maxCost) {
    return refusal(`The operation may cost ${cost} (fields resolved, lists counted by their page size); the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists.`, 'maxCost', cost, limits.maxCost);
  }
  return undefined;
}
