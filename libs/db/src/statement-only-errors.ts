import type { Configuration, LogContext } from '@mikro-orm/core';
import { AbstractSqlDriver, PostgreSqlConnection, PostgreSqlPlatform } from '@mikro-orm/postgresql';

const WITHHELD = '…';

/**
 * MikroORM inlines the parameters into the SQL it sends, and knex prefixes a failed query's
 * error with that SQL: every log line (and stored job error) of a failed query would carry
 * the values, customer data and secrets included. This connection rewrites the error before
 * MikroORM converts it: the statement with its `?` placeholders, PostgreSQL's message and
 * detail with the values withheld. Constraint, table and column names stay for diagnosis.
 */
export class StatementOnlyErrorsConnection extends PostgreSqlConnection {
  protected override async executeQuery<T>(query: string, cb: () => Promise<T>, context?: LogContext): Promise<T> {
    try {
      return await super.executeQuery(query, cb, context);
    } catch (error) {
      if (error instanceof Error) {
        const statement = context?.query ?? query;
        withholdValues(error, this.platform.formatQuery(statement, context?.params ?? []), statement);
      }
      throw error;
    }
  }
}

/** PostgreSQL's driver, with {@link StatementOnlyErrorsConnection}. */
export class StatementOnlyErrorsPostgreSqlDriver extends AbstractSqlDriver<PostgreSqlConnection, PostgreSqlPlatform> {
  constructor(config: Configuration) {
    super(config, new PostgreSqlPlatform(), StatementOnlyErrorsConnection, ['knex', 'pg']);
  }
}

interface DatabaseErrorFields {
  code?: string;
  detail?: string;
}

function withholdValues(error: Error & DatabaseErrorFields, sent: string, statement: string): void {
  const before = error.message;
  const prefix = `${sent} - `;
  // Unknown shapes lose the whole prefix rather than risk keeping values.
  const reason = before.startsWith(prefix) ? before.slice(prefix.length) : before.includes(' - ') ? before.slice(before.lastIndexOf(' - ') + 3) : before;
  error.message = `${statement} - ${withheldInReason(reason, error.code)}`;
  if (typeof error.detail === 'string') error.detail = withheldInDetail(error.detail);
  // The stack's first line repeats the message (formatted lazily, or already with values).
  if (error.stack?.includes(before)) error.stack = error.stack.replace(before, error.message);
}

/** Data exceptions (class 22) quote the refused value: `invalid input syntax for type uuid: "..."`. */
function withheldInReason(reason: string, code: string | undefined): string {
  return code?.startsWith('22') ? reason.replace(/: ".*"$/s, `: "${WITHHELD}"`) : reason;
}

/** `Key (email)=(a@b) already exists.`, `Failing row contains (...)`: the columns stay, the values go. */
export function withheldInDetail(detail: string): string {
  return detail.replace(/=\(.*\)/s, `=(${WITHHELD})`).replace(/(Failing row contains )\(.*\)/s, `$1(${WITHHELD})`);
}
