import { dnsLabelProblem, isReservedLabel } from './dns-labels';

describe('dns labels (tenant slugs and instance subdomains)', () => {
  it.each(['acme', 'shop-1', 'a', 'mxa', 'nsx', 'mx-shop', 'ns1a', 'x'.repeat(63), 'acme--corp'])('accepts %p', (label) => {
    expect(dnsLabelProblem(label)).toBeNull();
  });

  it.each([
    'autodiscover', 'autoconfig', 'mta-sts', 'wpad', 'postmaster', 'webmaster', 'hostmaster', 'abuse', 'security', 'demo',
    'platform', 'signin', 'user', 'www', 'admin', 'api', 'mail',
    'mx', 'mx1', 'mx12', 'ns', 'ns1', 'ns3', 'ns42', 'www2',
  ])('reserves %p', (label) => {
    expect(isReservedLabel(label)).toBe(true);
    expect(dnsLabelProblem(label)).toEqual({ reason: 'RESERVED', message: 'is reserved by the platform.' });
  });

  it.each(['xn--80ak6aa92e', 'xn--pple-43d', 'ab--cd'])('refuses the punycode or ACE-prefixed label %p', (label) => {
    expect(dnsLabelProblem(label)).toMatchObject({ reason: 'INVALID_FORMAT', message: expect.stringContaining('third and fourth') });
  });

  it.each([
    ['', 'EMPTY'],
    ['x'.repeat(64), 'TOO_LONG'],
    ['Acme', 'INVALID_FORMAT'],
    ['-acme', 'INVALID_FORMAT'],
    ['acme-', 'INVALID_FORMAT'],
    ['café', 'INVALID_FORMAT'],
  ])('refuses %p (%s)', (label, reason) => {
    expect(dnsLabelProblem(label)?.reason).toBe(reason);
  });
});
