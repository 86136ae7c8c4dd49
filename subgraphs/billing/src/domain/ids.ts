import { BadUserInputError } from '@saas/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID argument, lower-cased; anything else is BAD_USER_INPUT naming the argument. */
export function parseId(value: string, field: string): string {
  if (!UUID.test(value)) throw new BadUserInputError(`${field} must be a UUID.`, field);
  return value.toLowerCase();
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
