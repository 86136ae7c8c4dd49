import { DomainError } from '@saas/errors';
import { parseSlug, slugProblem } from './slug';

function refusal(value: string): { code: string; field: unknown; reason: unknown; message: string } {
  try {
    parseSlug(value, 'input.slug');
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.details.field, reason: error.details.reason, message: error.message };
    throw error;
  }
  throw new Error(`"${value}" was accepted`);
}

describe('slug validation', () => {
  it.each(['acme', 'a', '7', 'acme-corp', 'a1-b2-c3', 'x'.repeat(63), 'abc-d'])('accepts the DNS label %p', (slug) => {
    expect(parseSlug(slug, 'input.slug')).toBe(slug);
  });

  it.each([
    ['', 'must not be empty', 'EMPTY'],
    ['x'.repeat(64), 'at most 63', 'TOO_LONG'],
    ['Acme', 'lower-case', 'INVALID_FORMAT'],
    ['acme_corp', 'only contain', 'INVALID_FORMAT'],
    ['acme corp', 'only contain', 'INVALID_FORMAT'],
    ['-acme', 'start and end', 'INVALID_FORMAT'],
    ['acme-', 'start and end', 'INVALID_FORMAT'],
    ['-', 'start and end', 'INVALID_FORMAT'],
    ['xn--80ak6aa92e', 'third and fourth', 'INVALID_FORMAT'],
    ['ab--cd', 'third and fourth', 'INVALID_FORMAT'],
    ['café', 'only contain', 'INVALID_FORMAT'],
    ['www', 'reserved', 'RESERVED'],
    ['api', 'reserved', 'RESERVED'],
    ['admin', 'reserved', 'RESERVED'],
    ['mail', 'reserved', 'RESERVED'],
    ['auth', 'reserved', 'RESERVED'],
  ])('refuses %p with BAD_USER_INPUT saying why', (slug, why, reason) => {
    const error = refusal(slug);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.slug', reason });
    expect(error.message).toContain(why);
  });

  it('allows inner double hyphens away from positions 3-4', () => {
    expect(slugProblem('acme--corp')).toBeNull();
  });
});
