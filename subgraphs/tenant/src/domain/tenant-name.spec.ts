import { DomainError } from '@saas/errors';
import { parseSlug } from './slug';
import { parseTenantName } from './tenant-name';

function reasonOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return [error.code, error.details.reason];
    throw error;
  }
  throw new Error('accepted');
}

describe('tenant names and slugs: the shared rules of libs/subgraph', () => {
  it.each([
    ['\u200B', 'INVISIBLE'],
    ['\u2060\uFEFF\u200D', 'INVISIBLE'],
    ['Acme \u202Emoc.', 'BIDI_CONTROL'],
    ['\u2067Acme\u2069', 'BIDI_CONTROL'],
    ['\u200FAcme', 'BIDI_CONTROL'],
  ])('refuses the name %j', (name, reason) => {
    expect(reasonOf(() => parseTenantName(name, 'input.name'))).toEqual(['BAD_USER_INPUT', reason]);
  });

  it.each(['autodiscover', 'wpad', 'mx', 'mx2', 'ns10', 'mta-sts'])('reserves the slug %p', (slug) => {
    expect(reasonOf(() => parseSlug(slug, 'input.slug'))).toEqual(['BAD_USER_INPUT', 'RESERVED']);
  });

  it('keeps an ordinary name', () => {
    expect(parseTenantName('  Acme   GmbH ', 'input.name')).toBe('Acme GmbH');
  });
});
