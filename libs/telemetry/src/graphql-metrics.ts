import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import { counter, histogram, REQUEST_SECONDS_BUCKETS } from './metrics';

type Labels = 'operation_name' | 'operation_type' | 'outcome';

/** Beyond this many distinct operation names, new ones count as `other` (clients choose names). */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/**
 * `graphql_operations_total` and `graphql_operation_duration_seconds` per operation name,
 * type (query, mutation, subscription; `unknown` when it never parsed) and outcome
 * (`success`, or `error` when the response carries errors). An anonymous operation is
 * named after its root fields (`{createInstance}`), which the schema bounds.
 */
export function graphqlMetricsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const operations = counter<Labels>({
    name: 'graphql_operations_total',
    help: 'GraphQL operations answered, by operation, type and outcome',
    labelNames: ['operation_name', 'operation_type', 'outcome'],
  });
  const duration = histogram<Labels>({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its response',
    labelNames: ['operation_name', 'operation_type', 'outcome'],
    buckets: REQUEST_SECONDS_BUCKETS,
  });
  const names = new Set<string>();
  const boundedName = (name: string): string => {
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(requestContext: GraphQLRequestContext<TContext>) {
          const labels = {
            operation_name: boundedName(operationLabel(requestContext.operationName, requestContext.operation)),
            operation_type: requestContext.operation?.operation ?? 'unknown',
            outcome: hasErrors(requestContext) ? 'error' : 'success',
          };
          operations.inc(labels);
          duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}

export function operationLabel(operationName: string | null | undefined, operation: OperationDefinitionNode | undefined): string {
  if (operationName && OPERATION_NAME.test(operationName)) return operationName;
  if (!operation) return 'unparsed';
  const fields = operation.selectionSet.selections.flatMap((selection) => (selection.kind === 'Field' ? [selection.name.value] : []));
  return fields.length > 0 ? `{${[...new Set(fields)].sort().join(',')}}` : 'anonymous';
}

function hasErrors(requestContext: GraphQLRequestContext<BaseContext>): boolean {
  if (requestContext.errors && requestContext.errors.length > 0) return true;
  const body = requestContext.response.body;
  return body?.kind === 'single' && (body.singleResult.errors?.length ?? 0) > 0;
}
