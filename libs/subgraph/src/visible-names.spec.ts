import { DomainError } from '@saas/errors';
import { parseVisibleName } from './visible-names';

const rule = { maxLength: 100, label: 'Name' };

function refusal(value: string): { code: string; field: unknown; reason: unknown; message: string } {
  try {
    parseVisibleName(value, 'input.name', rule);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.details.field, reason: error.details.reason, message: error.message };
    throw error;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
}

describe('parseVisibleName (tenant, instance and display names)', () => {
  it.each([
    ['Acme', 'Acme'],
    ['  Acme   Corp ', 'Acme Corp'],
    ['Café Ünïcode', 'Café Ünïcode'],
    ['شركة', 'شركة'],
    ['می\u200Cخواهم', 'می\u200Cخواهم'],
    ['Team 👩\u200D💻', 'Team 👩\u200D💻'],
    ['株式会社', '株式会社'],
  ])('accepts %p as %p', (value, expected) => {
    expect(parseVisibleName(value, 'input.name', rule)).toBe(expected);
  });

  it.each([
    ['\u200B', 'INVISIBLE'],
    ['\u200B\u200C\u200D\u2060\uFEFF', 'INVISIBLE'],
    ['\u3164\u115F', 'INVISIBLE'],
    ['\u2800', 'INVISIBLE'],
    ['\u00AD\uFE0F', 'INVISIBLE'],
    ['\u0301\u0301', 'INVISIBLE'],
    ['   ', 'EMPTY'],
    ['', 'EMPTY'],
    ['x'.repeat(101), 'TOO_LONG'],
    ['Acme\u0000', 'CONTROL_CHARACTER'],
    ['Acme\u0085', 'CONTROL_CHARACTER'],
    ['Acme \u202Egnp.exe', 'BIDI_CONTROL'],
    ['\u202AAcme\u202C', 'BIDI_CONTROL'],
    ['\u202BAcme', 'BIDI_CONTROL'],
    ['\u202DAcme', 'BIDI_CONTROL'],
    ['Acme\u2066x\u2069', 'BIDI_CONTROL'],
    ['\u2067Acme', 'BIDI_CONTROL'],
    ['\u2068Acme', 'BIDI_CONTROL'],
    ['Acme\u200E', 'BIDI_CONTROL'],
    ['\u200FAcme', 'BIDI_CONTROL'],
    ['Acme\u061C', 'BIDI_CONTROL'],
  ])('refuses %j with BAD_USER_INPUT (%s)', (value, reason) => {
    expect(refusal(value)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name', reason, message: expect.stringMatching(/^Name /) });
  });

  it('names the input with its own label and length', () => {
    expect(() => parseVisibleName('x'.repeat(81), 'input.displayName', { maxLength: 80, label: 'Display name' })).toThrow('Display name must be 1 to 80 characters');
  });
});
