import { composeServices } from '@apollo/composition';
import { type GraphQLError, parse, Source } from 'graphql';
import type { SubgraphSource } from './supergraph-config';

export interface CompositionReport {
  supergraphSdl?: string;
  errors: string[];
  hints: string[];
}

/** Composes like `rover supergraph compose`, with errors that name subgraph, type and field. */
export function composeSupergraph(subgraphs: SubgraphSource[]): CompositionReport {
  const parseErrors: string[] = [];
  const services = subgraphs.flatMap((subgraph) => {
    try {
      return [{ name: subgraph.name, url: subgraph.url, typeDefs: parse(new Source(subgraph.sdl, subgraph.file)) }];
    } catch (error) {
      parseErrors.push(`error[INVALID_GRAPHQL]: [${subgraph.name}] ${(error as Error).message}`);
      return [];
    }
  });
  if (parseErrors.length > 0) return { errors: parseErrors, hints: [] };
  const result = composeServices(services);
  const hints = (result.hints ?? []).map((hint) => `hint[${hint.definition.code}]: ${hint.message}`);
  if (result.errors) return { errors: result.errors.map(formatCompositionError), hints };
  return { supergraphSdl: result.supergraphSdl, errors: [], hints };
}

function formatCompositionError(error: GraphQLError): string {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'COMPOSITION_ERROR';
  const where = (error.nodes ?? [])
    .map((node) => (node.loc ? `  --> ${node.loc.source.name}:${node.loc.startToken.line}:${node.loc.startToken.column}` : undefined))
    .filter((line): line is string => line !== undefined);
  return [`error[${code}]: ${error.message}`, ...where].join('\n');
}
