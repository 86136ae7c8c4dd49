import { BadUserInputError } from '@saas/errors';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * NIST SP 800-63B style: length limits and a block list, no composition rules. Length
 * counts Unicode code points, so an emoji is one character. `field` names the input.
 */
export function checkPasswordPolicy(password: string, field: string, common: ReadonlySet<string>): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new BadUserInputError(`Password must be at least ${MIN_PASSWORD_LENGTH} characters.`, field, { reason: 'TOO_SHORT' });
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new BadUserInputError(`Password must be at most ${MAX_PASSWORD_LENGTH} characters.`, field, { reason: 'TOO_LONG' });
  }
  if (common.has(password.toLowerCase())) {
    throw new BadUserInputError('This password is too common; choose another one.', field, { reason: 'TOO_COMMON' });
  }
}
