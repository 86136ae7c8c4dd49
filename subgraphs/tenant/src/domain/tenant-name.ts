import { BadUserInputError } from '@saas/errors';

/** A display name: trimmed, inner whitespace collapsed, 1 to 100 characters, no control characters. */
export function parseTenantName(value: string, field: string): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length < 1 || name.length > 100) throw new BadUserInputError('Name must be 1 to 100 characters and not blank.', field);
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new BadUserInputError('Name must not contain control characters.', field);
  return name;
}
