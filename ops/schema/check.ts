// `npm run schema:check` (CI runs it): composition, committed supergraph, changes against the
// published schemas, SDL lint and the public API contract. See ops/schema/README.md.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readAllowList } from './allowed-breaking-changes';
import { plural } from './report';
import { readPublishedSchemas, runSchemaCheck } from './schema-check';
import { ALLOWED_BREAKING_CHANGES_PATH, CONTRACT_PATH, PUBLISHED_DIR, readSupergraphConfig, REPO_ROOT, SUPERGRAPH_PATH } from './supergraph-config';

const relative = (file: string): string => path.relative(REPO_ROOT, file) || file;

const result = runSchemaCheck({
  subgraphs: readSupergraphConfig(),
  committedSupergraph: existsSync(SUPERGRAPH_PATH) ? readFileSync(SUPERGRAPH_PATH, 'utf8') : undefined,
  published: readPublishedSchemas(PUBLISHED_DIR),
  publishedDir: relative(PUBLISHED_DIR),
  allowList: readAllowList(ALLOWED_BREAKING_CHANGES_PATH, relative(ALLOWED_BREAKING_CHANGES_PATH)),
  allowListFile: relative(ALLOWED_BREAKING_CHANGES_PATH),
  contract: existsSync(CONTRACT_PATH) ? { sdl: readFileSync(CONTRACT_PATH, 'utf8'), file: path.basename(CONTRACT_PATH) } : undefined,
});
console.log(result.lines.join('\n'));
console.log('');
if (result.failures.length > 0) {
  console.log(`✗ schema check failed: ${result.failures.join('; ')}`);
  process.exit(1);
}
console.log(`✓ schema check passed${result.warnings.length > 0 ? ` with ${plural(result.warnings.length, 'warning')}` : ''}`);
