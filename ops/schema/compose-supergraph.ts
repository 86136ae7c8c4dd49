import { composeServices } from '@apollo/composition';
import { GraphQLError, type GraphQLSchema, parse, Source } from 'graphql';
import type { SubgraphSource } from './supergraph-config';

export interface CompositionReport {
  supergraphSdl?: string;
  /** The schema clients see through the gateway (federation machinery removed). */
  apiSchema?: GraphQLSchema;
  errors: string[];
  hints: string[];
}

/** Composes like `rover supergraph compose`, with errors that name subgraph, type and field. */
export function composeSupergraph(subgraphs: SubgraphSource[]): CompositionReport {
  const subgraphOfFile = new Map(subgraphs.map((subgraph) => [subgraph.file, subgraph.name]));
  const parseErrors: string[] = [];
  const services = subgraphs.flatMap((subgraph) => {
    try {
      return [{ name: subgraph.name, url: subgraph.url, typeDefs: parse(new Source(subgraph.sdl, subgraph.file)) }];
    } catch (error) {
      const syntaxError = error instanceof GraphQLError ? error : new GraphQLError(String(error));
      parseErrors.push(formatError('INVALID_GRAPHQL', `[${subgraph.name}] ${syntaxError.message}`, syntaxError, subgraphOfFile));
      return [];
    }
  });
  if (parseErrors.length > 0) return { errors: parseErrors, hints: [] };
  const result = composeServices(services);
  const hints = (result.hints ?? []).map((hint) => `hint[${hint.definition.code}]: ${hint.message}`);
  if (result.errors) {
    return { errors: result.errors.map((error) => formatError(errorCode(error), error.message, error, subgraphOfFile)), hints };
  }
  return { supergraphSdl: result.supergraphSdl, apiSchema: result.schema.toAPISchema().toGraphQLJSSchema(), errors: [], hints };
}

function errorCode(error: GraphQLError): string {
  return typeof error.extensions?.code === 'string' ? error.extensions.code : 'COMPOSITION_ERROR';
}

/**
 * `error[CODE]: message` then one `--> file:line:column (subgraph name)` line per place the
 * error points at. Composition messages already name the type and field (`"Tenant.name"`)
 * and the subgraphs involved; the locations say where to look.
 */
export function formatError(code: string, message: string, error: GraphQLError, subgraphOfFile: ReadonlyMap<string, string>): string {
  const places = new Set<string>();
  for (const node of error.nodes ?? []) {
    if (!node.loc) continue;
    const file = node.loc.source.name;
    places.add(`${file}:${node.loc.startToken.line}:${node.loc.startToken.column}${describeSubgraph(subgraphOfFile.get(file))}`);
  }
  if (places.size === 0 && error.source && error.locations) {
    const file = error.source.name;
    for (const location of error.locations) places.add(`${file}:${location.line}:${location.column}${describeSubgraph(subgraphOfFile.get(file))}`);
  }
  return [`error[${code}]: ${message}`, ...[...places].map((place) => `  --> ${place}`)].join('\n');
}

function describeSubgraph(name: string | undefined): string {
  return name ? ` (subgraph ${name})` : '';
}
