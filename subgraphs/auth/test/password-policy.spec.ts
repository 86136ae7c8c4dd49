import { BadUserInputError } from '@saas/errors';
import { commonPasswords } from '../src/domain/common-passwords';
import { checkPasswordPolicy } from '../src/domain/password-policy';

const reasonOf = (password: string): string | undefined => {
  try {
    checkPasswordPolicy(password, 'newPassword', commonPasswords());
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).details.field).toBe('newPassword');
    return String((error as BadUserInputError).details.reason);
  }
};

describe('password policy', () => {
  it('ships at least 10,000 common passwords, lower-cased', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    expect(list.has('password')).toBe(true);
    expect(list.has('#name?')).toBe(true);
    expect([...list].every((password) => password === password.toLowerCase())).toBe(true);
  });

  it('accepts 10 to 256 characters that are not common', () => {
    expect(reasonOf('correct horse')).toBeUndefined();
    expect(reasonOf('x1'.repeat(128))).toBeUndefined();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(reasonOf('🔑🔑🔑🔑🔑🔑🔑🔑🔑')).toBe('TOO_SHORT');
    expect(reasonOf('🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑')).toBeUndefined();
    expect(reasonOf('🔑'.repeat(256))).toBeUndefined();
  });

  it.each([
    ['', 'TOO_SHORT'],
    ['nine-char', 'TOO_SHORT'],
    ['y'.repeat(257), 'TOO_LONG'],
    ['1234567890', 'TOO_COMMON'],
    ['QWERTYUIOP', 'TOO_COMMON'],
    ['Password1234', 'TOO_COMMON'],
  ])('refuses %j (%s)', (password, reason) => {
    expect(reasonOf(password)).toBe(reason);
  });
});
