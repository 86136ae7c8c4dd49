import { DomainError, toGraphQLError } from '@saas/errors';
import { type ExecutionResult, type FormattedExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The gateway's Apollo `formatError` (libs/errors createFormatError): the same masking as HTTP. */
export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** What an execution result may carry: graphql-js errors, or errors Apollo Server already formatted. */
type AnyError = GraphQLError | GraphQLFormattedError;

/**
 * A failure of one operation on a socket stays that operation's: graphql-ws turns anything
 * thrown from a hook, and any error that is not a `GraphQLError` instance (`e.toJSON is not
 * a function`), into a 4500 close of the whole socket, ending the client's other
 * subscriptions. Every hook's failure becomes a `GraphQLError`, and every error sent is
 * formatted here (`onNext`/`onError`), so graphql-ws never formats one itself.
 */
export class OperationFailures {
  constructor(private readonly formatError: FormatError) {}

  /** A thrown value as the error of its operation: domain errors keep their code, anything else is masked when sent. */
  toGraphQLError(error: unknown): GraphQLError {
    if (error instanceof GraphQLError) return error;
    if (error instanceof DomainError) return toGraphQLError(error);
    return new GraphQLError('Unexpected error.', { originalError: error instanceof Error ? error : new Error(String(error)) });
  }

  /** Runs an execute/subscribe hook; a throw answers the operation with an error result. */
  async answer<T>(run: () => Promise<T | ExecutionResult>): Promise<T | ExecutionResult> {
    try {
      return await run();
    } catch (error) {
      return { errors: [this.toGraphQLError(error)] };
    }
  }

  /** Runs `onSubscribe`; a throw refuses that operation with an `error` message. */
  async refuse<T>(run: () => Promise<T | readonly GraphQLError[]>): Promise<T | readonly GraphQLError[]> {
    try {
      return await run();
    } catch (error) {
      return [this.toGraphQLError(error)];
    }
  }

  /** The payload of a `next` message. */
  formatResult(result: ExecutionResult | FormattedExecutionResult): FormattedExecutionResult {
    const { errors, ...rest } = result;
    return errors ? { ...rest, errors: this.formatErrors(errors) } : rest;
  }

  /** The payload of an `error` message. */
  formatErrors(errors: readonly AnyError[]): GraphQLFormattedError[] {
    return errors.map((error) => (error instanceof GraphQLError ? this.formatError(error.toJSON(), error) : error));
  }
}
