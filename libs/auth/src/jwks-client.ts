import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Logger } from '@saas/logger';

export interface PublicJwk {
  kid: string;
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  alg?: string;
  use?: string;
}

/** How often an unknown `kid` may trigger a refetch, so bad tokens cannot flood auth. */
const MIN_REFETCH_INTERVAL_MS = 5_000;
/** Keys are refreshed at least this often, so a retired key stops being trusted. */
const MAX_AGE_MS = 10 * 60_000;

/**
 * The auth subgraph's public keys, fetched from its JWKS endpoint and cached. A token
 * signed by a key not yet cached (a rotation) triggers one refetch.
 */
export class JwksClient {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  async getKey(kid: string): Promise<KeyObject | undefined> {
    const stale = Date.now() - this.fetchedAt > MAX_AGE_MS;
    if (stale || (!this.keys.has(kid) && Date.now() - this.fetchedAt > MIN_REFETCH_INTERVAL_MS)) {
      await this.refresh();
    }
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    try {
      const response = await fetch(this.url, { signal: AbortSignal.timeout(3_000) });
      if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
      const body = (await response.json()) as { keys?: PublicJwk[] };
      const keys = new Map<string, KeyObject>();
      for (const jwk of body.keys ?? []) {
        keys.set(jwk.kid, createPublicKey({ key: { ...jwk }, format: 'jwk' }));
      }
      this.keys = keys;
      this.fetchedAt = Date.now();
    } catch (error) {
      // Keep the keys we had: a short auth outage must not sign everybody out.
      this.fetchedAt = Date.now() - MAX_AGE_MS + MIN_REFETCH_INTERVAL_MS;
      this.logger.warn({ err: error, url: this.url }, 'could not fetch JWKS');
    }
  }
}
