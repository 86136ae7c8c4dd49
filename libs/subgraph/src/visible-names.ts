import { BadUserInputError } from '@saas/errors';

/**
 * Text-direction controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
 * U+200E/U+200F marks, U+061C): in a name they reorder what follows it, in the console and
 * in mail subjects, so a name could display as something else.
 */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const CONTROL = /[\p{Cc}]/u;
/**
 * A character that shows: not white space, not a default-ignorable code point (zero-width
 * spaces and joiners, U+2060..., variation selectors, Hangul fillers, soft hyphen), not a
 * format or control character, not a lone combining mark, not the blank braille pattern.
 */
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{M}\u2800]/u;

export interface VisibleNameRule {
  /** Longest name accepted, in UTF-16 code units. */
  maxLength: number;
  /** How the message names the input: "Name", "Display name". */
  label: string;
}

/**
 * The one rule for names people give things (tenant, instance, display names): trimmed,
 * inner white space collapsed, 1 to `maxLength` characters, at least one visible character,
 * no control or text-direction characters. Zero-width joiners stay allowed inside a name
 * (emoji sequences, Persian and Indic scripts need them); a name of nothing else is refused.
 * Errors are BAD_USER_INPUT naming `field`, with `reason` EMPTY, TOO_LONG, INVISIBLE,
 * CONTROL_CHARACTER or BIDI_CONTROL.
 */
export function parseVisibleName(value: string, field: string, rule: VisibleNameRule): string {
  const name = value.trim().replace(/\s+/g, ' ');
  const refuse = (message: string, reason: string): never => {
    throw new BadUserInputError(`${rule.label} ${message}`, field, { reason });
  };
  if (name.length < 1) refuse(`must be 1 to ${rule.maxLength} characters and not blank.`, 'EMPTY');
  if (name.length > rule.maxLength) refuse(`must be 1 to ${rule.maxLength} characters and not blank.`, 'TOO_LONG');
  if (CONTROL.test(name)) refuse('must not contain control characters.', 'CONTROL_CHARACTER');
  if (BIDI_CONTROL.test(name)) refuse('must not contain text-direction control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C).', 'BIDI_CONTROL');
  if (!VISIBLE.test(name)) refuse('must contain at least one visible character.', 'INVISIBLE');
  return name;
}
