import type { ReadinessCheck } from '@saas/http';

const PROBE_TIMEOUT_MS = 1_500;

/**
 * The gateway is ready when every subgraph it routes to is ready: each one's `/ready` (its
 * database, broker, cache ... answer), not merely `/health` (its process is up), so a
 * subgraph that lost its database takes the gateway out of rotation too.
 */
export function subgraphReadinessCheck(subgraphUrls: ReadonlyMap<string, string>): ReadinessCheck {
  return {
    name: 'subgraphs',
    check: async () => {
      const unreachable: string[] = [];
      const notReady: string[] = [];
      await Promise.all(
        [...subgraphUrls].map(async ([name, url]) => {
          const response = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).catch(() => undefined);
          if (!response) unreachable.push(name);
          else if (!response.ok) notReady.push(name);
          await response?.body?.cancel().catch(() => undefined);
        }),
      );
      const problems = [
        notReady.length > 0 ? `not ready: ${notReady.sort().join(', ')}` : '',
        unreachable.length > 0 ? `unreachable: ${unreachable.sort().join(', ')}` : '',
      ].filter(Boolean);
      if (problems.length > 0) throw new Error(problems.join('; '));
    },
  };
}
