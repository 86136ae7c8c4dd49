import { BadUserInputError } from '@saas/errors';
import { parseVisibleName } from '@saas/subgraph/visible-names';

/** Profile fields as validated, ready to store. */
export interface ProfileChanges {
  displayName?: string;
  locale?: string;
  timeZone?: string;
  avatarUrl?: string | null;
}

export interface ProfileInput {
  displayName?: string | null;
  locale?: string | null;
  timeZone?: string | null;
  avatarUrl?: string | null;
}

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));

/** Validates an `UpdateProfileInput`; the first bad field is reported with its name. */
export function parseProfileInput(input: ProfileInput): ProfileChanges {
  const changes: ProfileChanges = {};
  if (input.displayName !== undefined) changes.displayName = parseDisplayName(input.displayName, 'input.displayName');
  if (input.locale !== undefined) changes.locale = parseLocale(input.locale);
  if (input.timeZone !== undefined) changes.timeZone = parseTimeZone(input.timeZone);
  if (input.avatarUrl !== undefined) changes.avatarUrl = parseAvatarUrl(input.avatarUrl);
  return changes;
}

/** The shared rule for names (libs/subgraph visible-names), at most 80 characters. */
export function parseDisplayName(value: string | null, field: string): string {
  return parseVisibleName(value ?? '', field, { maxLength: 80, label: 'Display name' });
}

function parseLocale(value: string | null): string {
  if (value && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) {
    try {
      const [canonical] = Intl.getCanonicalLocales(value);
      if (canonical) return canonical;
    } catch {
      // reported below
    }
  }
  throw new BadUserInputError('Locale must be a BCP 47 language tag such as "en-US".', 'input.locale');
}

function parseTimeZone(value: string | null): string {
  if (value && TIME_ZONES.has(value)) return value;
  throw new BadUserInputError('Time zone must be an IANA time zone such as "Europe/Brussels".', 'input.timeZone');
}

function parseAvatarUrl(value: string | null): string | null {
  if (value === null) return null;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || value.length > 2048) {
    throw new BadUserInputError('Avatar URL must be an https URL of at most 2048 characters.', 'input.avatarUrl');
  }
  return url.toString();
}
