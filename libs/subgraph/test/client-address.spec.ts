import type { IncomingMessage } from 'node:http';
import { clientAddress, TrustedProxies, trustedProxiesEnv } from '../src/client-address';

type Header = string | string[] | undefined;
const request = (peer: string | undefined, forwardedFor?: Header) =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  const none = TrustedProxies.parse([]);
  const proxies = TrustedProxies.parse(['10.0.0.2', '10.0.0.3']);

  it('is the peer when no proxy is trusted, whatever the client claims', () => {
    expect(clientAddress(request('198.51.100.7', '203.0.113.9'), none)).toBe('198.51.100.7');
    expect(clientAddress(request('::ffff:127.0.0.1'), none)).toBe('127.0.0.1');
  });

  it('is the right-most untrusted hop behind trusted proxies', () => {
    expect(clientAddress(request('10.0.0.2', '198.51.100.7'), proxies)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2', 'spoofed, 198.51.100.7, 10.0.0.3'), proxies)).toBe('198.51.100.7');
  });

  it('reads every line of a repeated header, the last one nearest', () => {
    expect(clientAddress(request('10.0.0.2', ['203.0.113.1', '198.51.100.7, 10.0.0.3']), proxies)).toBe('198.51.100.7');
  });

  it('falls back to the peer when a trusted proxy sends no client', () => {
    expect(clientAddress(request('10.0.0.2'), proxies)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', '10.0.0.3'), proxies)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', ''), proxies)).toBe('10.0.0.2');
  });

  it('never returns what is not an address: a garbage hop ends the walk at the peer', () => {
    expect(clientAddress(request('10.0.0.2', `198.51.100.7, ${'x'.repeat(5000)}`), proxies)).toBe('10.0.0.2');
  });

  it('names a closed socket "unknown" rather than failing', () => {
    expect(clientAddress(request(undefined, '198.51.100.7'), proxies)).toBe('unknown');
  });

  it('trusts subnets and IPv6, and an IPv4-mapped peer is its IPv4 address', () => {
    const subnets = TrustedProxies.parse(['172.28.0.0/16', '::1', 'fd00::/8']);
    expect(clientAddress(request('::ffff:172.28.0.10', '198.51.100.7'), subnets)).toBe('198.51.100.7');
    expect(clientAddress(request('::1', '2001:db8::7'), subnets)).toBe('2001:db8::7');
    expect(clientAddress(request('fd00::5', '198.51.100.7, fd00::6'), subnets)).toBe('198.51.100.7');
    expect(clientAddress(request('172.29.0.1', '198.51.100.7'), subnets)).toBe('172.29.0.1');
  });

  it('refuses a configured entry that is not an address or subnet', () => {
    expect(() => TrustedProxies.parse(['gateway'])).toThrow(/gateway/);
    expect(() => TrustedProxies.parse(['10.0.0.0/33'])).toThrow(/10\.0\.0\.0\/33/);
  });
});

describe('trustedProxiesEnv', () => {
  it('reports every entry that is not an address or subnet when the environment is read', () => {
    const parsed = trustedProxiesEnv([]).safeParse('10.0.0.2, gateway, 10.0.0.0/8, 1.2.3.4/40');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([expect.stringMatching(/"gateway"/), expect.stringMatching(/"1\.2\.3\.4\/40"/)]);
    expect(trustedProxiesEnv(['127.0.0.1', '::1']).parse(undefined)).toEqual(['127.0.0.1', '::1']);
  });
});
