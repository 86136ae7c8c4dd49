import type { IncomingMessage } from 'node:http';
import { clientAddress } from '../src/client-address';

const request = (peer: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  const none = new Set<string>();
  const proxies = new Set(['10.0.0.2', '10.0.0.3']);

  it('is the peer when no proxy is trusted, whatever the client claims', () => {
    expect(clientAddress(request('198.51.100.7', '203.0.113.9'), none)).toBe('198.51.100.7');
    expect(clientAddress(request('::ffff:127.0.0.1'), none)).toBe('127.0.0.1');
  });

  it('is the right-most untrusted hop behind trusted proxies', () => {
    expect(clientAddress(request('10.0.0.2', '198.51.100.7'), proxies)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.2', 'spoofed, 198.51.100.7, 10.0.0.3'), proxies)).toBe('198.51.100.7');
  });

  it('falls back to the peer when a trusted proxy sends no client', () => {
    expect(clientAddress(request('10.0.0.2'), proxies)).toBe('10.0.0.2');
    expect(clientAddress(request('10.0.0.2', '10.0.0.3'), proxies)).toBe('10.0.0.2');
  });
});
