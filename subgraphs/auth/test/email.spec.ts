import { BadUserInputError } from '@saas/errors';
import { emailKey, normaliseEmail } from '../src/domain/email';

describe('normaliseEmail', () => {
  it.each([
    ['  Ann.Lee@Example.COM ', 'Ann.Lee@example.com'],
    ['ann+tag@sub.example.org', 'ann+tag@sub.example.org'],
    ["o'hara@EXAMPLE.ie", "o'hara@example.ie"],
    ['josé@exämple.de', 'josé@exämple.de'],
    ['JOSE\u0301@Example.com', 'JOSÉ@example.com'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseEmail(raw)).toBe(expected);
  });

  it.each([
    '',
    'plain',
    '@example.com',
    'ann@',
    'ann@localhost',
    'ann@example',
    'ann@@example.com',
    'ann lee@example.com',
    'ann@exa mple.com',
    '.ann@example.com',
    'ann.@example.com',
    'a..b@example.com',
    'ann@-example.com',
    'ann@example-.com',
    'ann@example..com',
    'ann@127.0.0.1',
    'ann@[127.0.0.1]',
    'ann\n@example.com',
    '"ann"@example.com',
    `${'a'.repeat(65)}@example.com`,
    `ann@${'a'.repeat(250)}.com`,
  ])('refuses %j with BAD_USER_INPUT on the given field', (raw) => {
    expect(() => normaliseEmail(raw, 'input.email')).toThrow(BadUserInputError);
    try {
      normaliseEmail(raw, 'input.email');
    } catch (error) {
      expect((error as BadUserInputError).details).toEqual({ field: 'input.email' });
    }
  });

  it('compares addresses case-insensitively', () => {
    expect(emailKey(normaliseEmail('Ann@Example.com'))).toBe(emailKey(normaliseEmail('ann@example.COM')));
  });
});
