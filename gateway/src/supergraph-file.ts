import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@saas/logger';

/**
 * Serves the committed `supergraph.graphql` and reloads it when the file changes, so a new
 * composition reaches the running gateway without a restart. A file that fails to load is
 * logged and the previous supergraph stays in service.
 */
export function supergraphFromFile(path: string, logger: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    let current = readFileSync(path, 'utf8');
    watchFile(path, { interval: 1_000 }, () => {
      let next: string;
      try {
        next = readFileSync(path, 'utf8');
      } catch (error) {
        logger.error({ err: error, path }, 'cannot read supergraph');
        return;
      }
      if (next === current) return;
      try {
        update(next);
        current = next;
        logger.info({ path }, 'supergraph reloaded');
      } catch (error) {
        logger.error({ err: error, path }, 'new supergraph rejected; keeping the previous one');
      }
    });
    return { supergraphSdl: current, cleanup: async () => unwatchFile(path) };
  };
}
