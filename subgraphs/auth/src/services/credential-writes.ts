import { DriverException } from '@mikro-orm/core';

/**
 * Runs a write that carries a password hash. A database error's message quotes the SQL with
 * its values, and unexpected errors get logged: keep the code, table and constraint, drop
 * the values. Domain errors and the unique violation the caller maps pass unchanged.
 */
export async function writingCredentials<T>(work: () => Promise<T>, passThrough: (error: unknown) => boolean = () => false): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DriverException) || passThrough(error)) throw error;
    const { name, code, table, constraint } = error as DriverException & { table?: string; constraint?: string };
    throw new Error(`${name} ${code ?? ''} on ${table ?? '?'} ${constraint ?? ''} (values withheld: credentials)`.replace(/\s+/g, ' '));
  }
}
