import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { TokenVerifier, Viewer } from '@saas/auth';
import type { TenantAuthorizer } from '@saas/authz';
import { decodeStatusCursor, encodeStatusCursor } from '@saas/contracts';
import { DomainError, toGraphQLError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { canonicalizeArguments } from '@saas/subgraph/canonical-ids';
import { clientAddress, TrustedProxies } from '@saas/subgraph/client-address';
import {
  type ExecutionArgs,
  type ExecutionResult,
  getArgumentValues,
  getOperationAST,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  parse,
  visit,
  type DocumentNode,
  printSchema,
  buildSchema,
  validate,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { GatewayContext } from '../context';
import { checkOperation, checkTokens, type QueryLimits } from '../limits/query-limits';
import { authenticateConnection, refusalCloseCode } from './connection-auth';
import { executeEvent, type SupergraphFetch } from './event-executor';
import type { LiveField, LiveSubscription } from './live-subscription';
import { MembershipRecheck } from './membership-recheck';
import { DEFAULT_MAX_QUEUED, PushIterator } from './push-iterator';
import { MemoryResumePoints, type ResumePoints, subscriptionFingerprint } from './resume-points';
import { catchUp, newestStatusCursor, replayStatusHistory } from './status-replay';
import { SubscriberOutlet } from './subscriber-outlet';
import { SocketSessions } from './socket-sessions';
import type { InstanceLogSource } from './instance-log-streams';
import { authorizeSubscription } from './subscription-authorizer';
import { SubscriptionGroups } from './subscription-groups';
import type { MembershipChange, TenantEventSource } from './tenant-event-hub';
import { type FormatError, OperationFailures } from './operation-failures';
import { DEFAULT_MAX_SOCKETS_PER_USER, TOO_MANY_SOCKETS_CLOSE_CODE, UserSocketLimit } from './user-socket-limit';

export interface LiveServerConfig {
  httpServer: http.Server;
  path: string;
  apollo: ApolloServer<GatewayContext>;
  /** The API schema of the current supergraph. */
  schema: () => GraphQLSchema;
  verifier: Pick<TokenVerifier, 'verify'>;
  authorizer: Pick<TenantAuthorizer, 'accessOf'>;
  hub: (handlers: {
    membershipChanged: (change: MembershipChange) => void;
    sessionsRevoked: (sessionIds: string[]) => void;
    reconnected?: () => void;
  }) => Promise<TenantEventSource & { close(): Promise<void> }>;
  /** Subscription.instanceLogs: lines from the workers' followers, through Redis. */
  logs: (schema: () => GraphQLSchema) => Promise<InstanceLogSource>;
  logger: Logger;
  /** The HTTP path's limits, on the socket too: depth, aliases, tokens, cost. */
  limits: QueryLimits;
  /** Largest graphql-ws message accepted (bytes); HTTP allows 1 MB. */
  maxPayloadBytes?: number;
  /** Open sockets one user may hold (MAX_SOCKETS_PER_USER); the next is closed with 4429. */
  maxSocketsPerUser?: number;
  /** The HTTP path's `formatError`: errors on the socket are masked and logged the same way. */
  formatError: FormatError;
  /** Reverse proxies whose `x-forwarded-for` is believed (as on HTTP): the socket's client address. */
  trustedProxies?: readonly string[];
  /** Results queued for one subscription before its consumer counts as too slow (SLOW_CONSUMER). */
  maxQueuedEvents?: number;
  /** Where closed status subscriptions can be resumed by a client's retry (Redis; memory by default). */
  resumePoints?: ResumePoints;
}

type SocketExtra = {
  socket: WebSocket;
  request: http.IncomingMessage;
  viewer?: Viewer;
  /** The client's address, as the HTTP path determines it. */
  clientIp?: string;
};

/** A consumer that fell too far behind: the end of its subscription, resumable with its cursor. */
const slowConsumer = (maxQueued: number): ExecutionResult => ({
  errors: [
    new GraphQLError(`This subscription fell more than ${maxQueued} events behind and was ended; subscribe again with \`after\` set to the last cursor received.`, {
      extensions: { code: 'SLOW_CONSUMER' },
    }),
  ],
});

const LIVE_FIELDS: readonly LiveField[] = ['instanceStatusChanged', 'operationProgress', 'instanceLogs'];

/** `instanceLogs(tail:)`: how many earlier lines a viewer may ask for. */
const MAX_LOG_TAIL = 1000;
const DEFAULT_LOG_TAIL = 100;

function isLogTail(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_LOG_TAIL;
}

/**
 * `graphql-ws` on the gateway's port and path. `@apollo/gateway` does not execute
 * subscriptions, so the gateway does: it authenticates the connection, authorizes each
 * subscription, listens to the tenant's Redis channel and resolves each event's selection
 * through the supergraph. Queries and mutations sent over the socket go to Apollo Server.
 */
export async function startLiveServer(config: LiveServerConfig) {
  const { logger } = config;
  const sessions = new SocketSessions();
  const userSockets = new UserSocketLimit(config.maxSocketsPerUser ?? DEFAULT_MAX_SOCKETS_PER_USER);
  const failures = new OperationFailures(config.formatError);
  const schema = liveSchema(config.schema);
  const trustedProxies = TrustedProxies.parse(config.trustedProxies ?? []);
  const maxQueued = config.maxQueuedEvents ?? DEFAULT_MAX_QUEUED;
  const resumePoints = config.resumePoints ?? new MemoryResumePoints();
  const fetchAs =
    (viewer: Viewer, clientIp: string): SupergraphFetch =>
    async (query, variables) => {
      const response = await config.apollo.executeOperation(
        { query, variables },
        { contextValue: { authorization: `Bearer ${viewer.accessToken}`, viewer, clientIp } },
      );
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported here');
      return response.body.singleResult as ExecutionResult;
    };
  // Handlers run only after start, once `groups` exists.
  const hub = await config.hub({
    membershipChanged: (change) => void memberships.onChange(change),
    sessionsRevoked: (sessionIds) => sessions.revoke(sessionIds),
    reconnected: () =>
      void catchUp(
        groups.all(),
        resumeCursor,
        (subscription) => ({ schema, fetch: fetchAs(subscription.viewer, subscription.clientIp), deliver: (key, result) => subscription.outlet.push(key, result) }),
        (subscription, error) => logger.warn({ err: error, tenantId: subscription.tenantId }, 'a live subscription could not catch up after a Redis reconnection'),
      ),
  });
  const groups = new SubscriptionGroups(hub, schema, (subscription) => fetchAs(subscription.viewer, subscription.clientIp), logger);
  const logs = await config.logs(schema);
  const memberships = new MembershipRecheck({
    authorizer: config.authorizer,
    subscriptions: () => [...groups.all(), ...logs.all()],
    changeRole: (subscription, role) => groups.changeRole(subscription, role),
    logger,
  });

  const wsServer = new WebSocketServer({ server: config.httpServer, path: config.path, maxPayload: config.maxPayloadBytes ?? 1024 * 1024 });
  const cleanup = useServer<Record<string, unknown>, SocketExtra>(
    {
      onConnect: async (ctx) => {
        const auth = await authenticateConnection(config.verifier, ctx.connectionParams);
        if (!auth.ok) {
          ctx.extra.socket.close(refusalCloseCode(auth), auth.reason);
          return false;
        }
        if (!userSockets.admit(auth.viewer.userId, ctx.extra.socket)) {
          ctx.extra.socket.close(TOO_MANY_SOCKETS_CLOSE_CODE, `Too many open sockets for this user (at most ${userSockets.maxPerUser})`);
          return false;
        }
        ctx.extra.viewer = auth.viewer;
        ctx.extra.clientIp = clientAddress(ctx.extra.request, trustedProxies);
        sessions.add(auth.viewer.sessionId, ctx.extra.socket, auth.viewer.expiresAt);
        return true;
      },
      onSubscribe: (ctx, id, payload) => failures.refuse(async () => {
        const viewer = ctx.extra.viewer;
        const clientIp = ctx.extra.clientIp ?? 'unknown';
        if (!viewer) return [new GraphQLError('Not authenticated.', { extensions: { code: 'UNAUTHENTICATED' } })];
        const tooManyTokens = checkTokens(payload.query, config.limits);
        if (tooManyTokens) return [tooManyTokens];
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const current = schema();
        const errors = validate(current, document);
        if (errors.length > 0) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError('Operation not found.', { extensions: { code: 'BAD_USER_INPUT' } })];
        const variables = (payload.variables ?? {}) as Record<string, unknown>;
        const overLimits = checkOperation(current, document, payload.operationName, variables, config.limits);
        if (overLimits) return [overLimits];
        const args: ExecutionArgs = { schema: current, document, variableValues: variables, operationName: payload.operationName };
        if (operation.operation !== 'subscription') return { ...args, contextValue: { viewer, clientIp } };
        const [rootField, ...others] = operation.selectionSet.selections;
        if (!rootField || others.length > 0 || rootField.kind !== 'Field' || !LIVE_FIELDS.includes(rootField.name.value as LiveField)) {
          return [new GraphQLError(`A subscription selects exactly one of ${LIVE_FIELDS.join(', ')}.`, { extensions: { code: 'BAD_USER_INPUT' } })];
        }
        const field = rootField.name.value as LiveField;
        const fieldDefinition = current.getSubscriptionType()?.getFields()[field];
        if (!fieldDefinition) return [new GraphQLError(`Unknown subscription ${field}.`)];
        let target;
        let fieldArgs: Record<string, unknown> = {};
        try {
          fieldArgs = canonicalizeArguments(fieldDefinition.args, getArgumentValues(fieldDefinition, rootField, variables));
          target = await authorizeSubscription(field, fieldArgs, viewer, config.authorizer, fetchAs(viewer, clientIp));
          // Authorized first: a foreign tenant's instance is FORBIDDEN whatever the tail.
          if (field === 'instanceStatusChanged' && typeof fieldArgs.after === 'string' && !decodeStatusCursor(fieldArgs.after)) {
            return [new GraphQLError('Cursor is not valid; pass the `cursor` of an event received.', { extensions: { code: 'BAD_USER_INPUT', field: 'after' } })];
          }
          if (field === 'instanceLogs' && !isLogTail(fieldArgs.tail)) {
            return [new GraphQLError(`tail must be between 0 and ${MAX_LOG_TAIL}.`, { extensions: { code: 'BAD_USER_INPUT', field: 'tail' } })];
          }
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          if (error instanceof DomainError) return [toGraphQLError(error)];
          // The arguments are ids (tenantId, instanceId, operationId), never secrets.
          logger.error({ err: error, field, userId: viewer.userId, ...fieldArgs }, 'subscription authorization failed');
          return [new GraphQLError('Could not authorize the subscription.', { extensions: { code: 'SERVICE_UNAVAILABLE' } })];
        }
        let after = typeof fieldArgs.after === 'string' ? fieldArgs.after : null;
        const afterArgument = rootField.arguments?.find((argument) => argument.name.value === 'after')?.value;
        const afterVariable = afterArgument?.kind === Kind.VARIABLE ? afterArgument.name.value : null;
        const fingerprint = subscriptionFingerprint(payload.query, payload.operationName, variables, afterVariable);
        if (field === 'instanceStatusChanged' && after === null) {
          const point = await resumePoints.take(viewer.sessionId, id).catch(() => null);
          if (point?.fingerprint === fingerprint) after = point.cursor;
        }
        const socket = ctx.extra.socket;
        const iterator = new PushIterator<ExecutionResult>(
          () => {
            groups.remove(subscription);
            logs.remove(subscription);
            // Ended by the socket closing (not by the client or the server): its retry resumes here.
            if (field === 'instanceStatusChanged' && socket.readyState !== socket.OPEN) {
              const cursor = resumeCursor(subscription);
              if (cursor !== null) void resumePoints.save(viewer.sessionId, id, { cursor, fingerprint }).catch((error: unknown) => logger.warn({ err: error }, 'could not keep a resume point'));
            }
          },
          { maxQueued, overflow: () => slowConsumer(maxQueued) },
        );
        const subscription: LiveSubscription = {
          id: randomUUID(),
          viewer,
          clientIp,
          field,
          ...target,
          document,
          source: payload.query,
          variables,
          ...(afterVariable && onlyUsedOnce(document, afterVariable) ? { groupVariables: withoutVariable(variables, afterVariable) } : {}),
          operationName: payload.operationName ?? null,
          ...(field === 'instanceLogs' && isLogTail(fieldArgs.tail) ? { tail: fieldArgs.tail } : {}),
          after,
          iterator,
          outlet: new SubscriberOutlet(iterator),
        };
        return { ...args, contextValue: { viewer, subscription } };
      }),
      subscribe: (args) => failures.answer(async () => {
        const subscription = (args.contextValue as { subscription?: LiveSubscription }).subscription;
        if (!subscription) return { errors: [new GraphQLError('Not a live subscription.')] };
        if (subscription.field === 'instanceLogs') {
          await logs.add(subscription, subscription.tail ?? DEFAULT_LOG_TAIL);
          return subscription.iterator;
        }
        if (subscription.field === 'operationProgress') {
          await groups.add(subscription);
          await sendCurrentProgress(subscription);
          return subscription.iterator;
        }
        if (subscription.after == null) {
          await groups.add(subscription);
          subscription.baseline = await newestStatusCursor(subscription, fetchAs(subscription.viewer, subscription.clientIp)).catch((error: unknown) => {
            logger.warn({ err: error, tenantId: subscription.tenantId }, 'no resume baseline for a live subscription');
            return undefined;
          });
          return subscription.iterator;
        }
        // Live first (held), then the history since the cursor, then what arrived meanwhile:
        // repeats between the two are dropped by event key.
        subscription.outlet.hold();
        await groups.add(subscription);
        try {
          await replayStatusHistory(subscription, subscription.after, {
            schema,
            fetch: fetchAs(subscription.viewer, subscription.clientIp),
            deliver: (key, result) => subscription.outlet.push(key, result),
          });
        } catch (error) {
          subscription.iterator.push({ errors: [error instanceof GraphQLError ? error : new GraphQLError('Could not replay the missed events; subscribe again.', { extensions: { code: 'SERVICE_UNAVAILABLE' } })] });
          subscription.iterator.end();
        }
        subscription.outlet.release();
        return subscription.iterator;
      }),
      execute: (args) => failures.answer(async () => {
        const { viewer, clientIp } = args.contextValue as { viewer: Viewer; clientIp: string };
        const response = await config.apollo.executeOperation(
          { query: printDocument(args), variables: args.variableValues ?? {}, operationName: args.operationName ?? undefined },
          { contextValue: { authorization: `Bearer ${viewer.accessToken}`, viewer, clientIp } },
        );
        if (response.body.kind !== 'single') return { errors: [new GraphQLError('Incremental delivery is not supported.')] };
        return response.body.singleResult as ExecutionResult;
      }),
      onNext: (_ctx, _id, _payload, _args, result) => failures.formatResult(result),
      onError: (_ctx, _id, _payload, errors) => failures.formatErrors(errors),
    },
    wsServer,
  );

  /**
   * `operationProgress` starts with the operation as it is now (unless that is the state the
   * `after` cursor names: the client has it); a finished one ends at once.
   */
  async function sendCurrentProgress(subscription: LiveSubscription): Promise<void> {
    const fetch = fetchAs(subscription.viewer, subscription.clientIp);
    if (subscription.after) {
      const current = await fetch('query($id: ID!) { instanceOperation(id: $id) { cursor status } }', { id: subscription.operationId });
      const operation = (current.data as { instanceOperation?: { cursor: string; status: string } | null } | null | undefined)?.instanceOperation;
      if (operation?.cursor === subscription.after) {
        if (operation.status === 'SUCCEEDED' || operation.status === 'FAILED') subscription.iterator.end();
        return;
      }
    }
    const result = await executeEvent({
      schema: schema(),
      document: subscription.document,
      variables: subscription.variables,
      operationName: subscription.operationName,
      rootValue: { operationProgress: { operationId: subscription.operationId } },
      fetch,
    });
    subscription.iterator.push(result);
    const status = (result.data?.operationProgress as { status?: string } | undefined)?.status;
    if (status === 'SUCCEEDED' || status === 'FAILED') subscription.iterator.end();
  }

  return {
    stats: () => ({ sockets: sessions.count, ...groups.size, logViewers: logs.size }),
    close: async () => {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      await hub.close();
      await logs.close();
    },
  };
}

/**
 * The API schema without any resolver functions, rebuilt when the supergraph changes:
 * events are executed with the live layer's own field resolver, which graphql-js only
 * uses for fields that have none.
 */
function liveSchema(apiSchema: () => GraphQLSchema): () => GraphQLSchema {
  let source: GraphQLSchema | undefined;
  let rebuilt: GraphQLSchema | undefined;
  return () => {
    const current = apiSchema();
    if (current !== source || !rebuilt) {
      source = current;
      rebuilt = buildSchema(printSchema(current));
    }
    return rebuilt;
  };
}

/** Whether a variable is used in one place only (the `after` argument): it cannot change a result. */
function onlyUsedOnce(document: DocumentNode, name: string): boolean {
  let uses = 0;
  visit(document, {
    VariableDefinition: () => false,
    Variable(node) {
      if (node.name.value === name) uses += 1;
    },
  });
  return uses === 1;
}

function withoutVariable(variables: Record<string, unknown>, name: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(variables).filter(([key]) => key !== name));
}

/** After what a closed status subscription resumes: its last event, or where it started from. */
function resumeCursor(subscription: LiveSubscription): string | null {
  const key = subscription.outlet.lastKey;
  if (!key) return subscription.after ?? subscription.baseline ?? null;
  const split = key.lastIndexOf(':');
  return encodeStatusCursor(key.slice(0, split), Number(key.slice(split + 1)));
}

function printDocument(args: ExecutionArgs): string {
  return args.document.loc?.source.body ?? '';
}
