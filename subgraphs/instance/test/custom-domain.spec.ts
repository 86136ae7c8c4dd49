import { BadUserInputError } from '@saas/errors';
import { parseCustomDomain } from '../src/domain/custom-domain';

const BASE = 'odoo.localhost';

const reasonOf = (input: string): unknown => {
  try {
    parseCustomDomain(input, BASE);
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    return (error as BadUserInputError).details?.reason;
  }
  throw new Error(`"${input}" was accepted`);
};

describe('parseCustomDomain', () => {
  it('lower-cases, trims, drops a trailing dot and maps IDNs to punycode', () => {
    expect(parseCustomDomain('  ERP.Example.COM. ', BASE)).toBe('erp.example.com');
    expect(parseCustomDomain('bücher.example', BASE)).toBe('xn--bcher-kva.example');
    expect(parseCustomDomain('xn--bcher-kva.example', BASE)).toBe('xn--bcher-kva.example');
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['192.168.1.10', 'IP_ADDRESS'],
    ['::1', 'IP_ADDRESS'],
    ['[2001:db8::1]', 'IP_ADDRESS'],
    ['localhost', 'NOT_A_FQDN'],
    ['erp.example.c0m', 'NOT_A_FQDN'],
    ['erp.example.123', 'INVALID'],
    ['*.example.com', 'INVALID'],
    ['erp_1.example.com', 'INVALID'],
    ['-erp.example.com', 'INVALID'],
    ['erp..example.com', 'INVALID'],
    ['https://erp.example.com', 'INVALID'],
    ['erp.example.com/path', 'INVALID'],
    [`${'a'.repeat(64)}.example.com`, 'INVALID'],
    [`${'abcdefgh.'.repeat(28)}com`, 'TOO_LONG'],
    ['odoo.localhost', 'UNDER_BASE_DOMAIN'],
    ['shop.ODOO.localhost', 'UNDER_BASE_DOMAIN'],
  ])('refuses %j with reason %s', (input, reason) => {
    expect(reasonOf(input)).toBe(reason);
  });
});
