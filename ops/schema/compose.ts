// `npm run schema:compose`: composes rover.yaml's subgraphs into schema/supergraph.graphql.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from './compose-supergraph';
import { readSupergraphConfig, REPO_ROOT, SUPERGRAPH_PATH } from './supergraph-config';

const subgraphs = readSupergraphConfig();
const report = composeSupergraph(subgraphs);
for (const hint of report.hints) console.warn(hint);
if (!report.supergraphSdl) {
  for (const error of report.errors) console.error(error);
  console.error(`\nComposition failed with ${report.errors.length} error(s).`);
  process.exit(1);
}
const current = (() => {
  try {
    return readFileSync(SUPERGRAPH_PATH, 'utf8');
  } catch {
    return undefined;
  }
})();
const target = path.relative(REPO_ROOT, SUPERGRAPH_PATH);
if (current === report.supergraphSdl) {
  console.log(`✓ ${target} is up to date (${subgraphs.length} subgraphs)`);
} else {
  writeFileSync(SUPERGRAPH_PATH, report.supergraphSdl);
  console.log(`✓ composed ${subgraphs.map((s) => s.name).join(', ')} into ${target}`);
}
