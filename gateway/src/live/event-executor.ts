import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  type FieldNode,
  type GraphQLFieldResolver,
  GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import { buildFetchQuery, FETCH_RESULT_KEY, type FetchQuery, type FetchRoot, fetchVariables } from './fetch-query';

/** Runs a query through the supergraph as a given subscriber (the gateway's own planning). */
export type SupergraphFetch = (query: string, variables: Record<string, unknown>) => Promise<ExecutionResult>;

export interface EventExecution {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables: Record<string, unknown>;
  operationName?: string | null;
  /** `{ instanceStatusChanged: {...event} }` or `{ operationProgress: { operationId } }`. */
  rootValue: Record<string, unknown>;
  fetch: SupergraphFetch;
}

/** Keyed by the first field node: AST nodes of a document are the same object on every event. */
const fetchQueries = new WeakMap<FieldNode, FetchQuery>();

/**
 * Executes a subscriber's selection for one event with graphql-js against the API schema.
 * Event facts (status, previousStatus, at, ...) come from the event itself; `instance` and
 * `operationProgress` subtrees are fetched through the supergraph, so any field of
 * `Instance` and of what it links to resolves as it would in a query.
 */
export async function executeEvent(execution: EventExecution): Promise<ExecutionResult> {
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) => {
    if (info.parentType.name === 'Subscription' && info.fieldName === 'operationProgress') {
      const operationId = (source as { operationProgress: { operationId: string } }).operationProgress.operationId;
      return fetchSubtree('instanceOperation', operationId, info.fieldNodes);
    }
    if (info.parentType.name === 'Subscription') return (source as Record<string, unknown>)[info.fieldName];
    if (info.parentType.name === 'InstanceStatusEvent' && info.fieldName === 'instance') {
      return fetchSubtree('instance', (source as { instanceId: string }).instanceId, info.fieldNodes);
    }
    // Inside fetched subtrees, values are stored under the subscriber's response keys.
    const record = source as Record<string, unknown> | null;
    if (!record) return null;
    const key = String(info.path.key);
    return key in record ? record[key] : record[info.fieldName];
  };

  const fetchSubtree = async (root: FetchRoot, id: string, fieldNodes: readonly FieldNode[]) => {
    const [first] = fieldNodes;
    let fetch = first ? fetchQueries.get(first) : undefined;
    if (!fetch) {
      fetch = buildFetchQuery(root, fieldNodes, execution.document);
      if (first) fetchQueries.set(first, fetch);
    }
    const result = await execution.fetch(fetch.query, fetchVariables(fetch, id, execution.variables));
    const error = result.errors?.[0];
    if (error) throw new GraphQLError(error.message, { extensions: error.extensions });
    return (result.data as Record<string, unknown> | null | undefined)?.[FETCH_RESULT_KEY] ?? null;
  };

  return execute({
    schema: execution.schema,
    document: execution.document,
    rootValue: execution.rootValue,
    variableValues: execution.variables,
    operationName: execution.operationName ?? undefined,
    fieldResolver,
  });
}
