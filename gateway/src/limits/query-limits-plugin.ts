import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { RequestHandler } from 'express';
import { checkOperation, checkTokens, type QueryLimits } from './query-limits';

/**
 * Refuses an operation over the depth, alias or cost limits once it is parsed, before the
 * gateway plans it: no subgraph is called.
 */
export function queryLimitsPlugin<TContext extends BaseContext>(limits: QueryLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const error = checkOperation(schema, document, operationName, request.variables ?? {}, limits);
          if (error) throw error;
        },
      };
    },
  };
}

/** Refuses a document over the token limit before it is parsed or validated (HTTP 400, `QUERY_TOO_COMPLEX`). */
export function queryTokenLimit(limits: QueryLimits): RequestHandler {
  return (req, res, next) => {
    const operations: unknown[] = req.method === 'GET' ? [req.query] : Array.isArray(req.body) ? req.body : [req.body];
    for (const operation of operations) {
      const query = (operation as { query?: unknown } | undefined)?.query;
      const error = typeof query === 'string' ? checkTokens(query, limits) : undefined;
      if (error) {
        res.status(400).json({ errors: [{ message: error.message, extensions: { code: error.extensions.code, limit: error.extensions.limit, allowed: error.extensions.allowed } }] });
        return;
      }
    }
    next();
  };
}
