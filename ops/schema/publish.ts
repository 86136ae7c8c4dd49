// `npm run schema:publish`: records every subgraph's current SDL as its published version in
// schema/published/, the way `rover subgraph publish` updates the registry. `schema:check`
// compares against these files, so publish once a schema change is merged and clients know.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from './compose-supergraph';
import { PUBLISHED_DIR, readSupergraphConfig, REPO_ROOT } from './supergraph-config';

const subgraphs = readSupergraphConfig();
const report = composeSupergraph(subgraphs);
if (!report.supergraphSdl) {
  for (const error of report.errors) console.error(error);
  console.error(`\nNot published: composition failed with ${report.errors.length} error(s).`);
  process.exit(1);
}

mkdirSync(PUBLISHED_DIR, { recursive: true });
const current = new Set(subgraphs.map((subgraph) => `${subgraph.name}.graphql`));
for (const file of readdirSync(PUBLISHED_DIR)) {
  if (file.endsWith('.graphql') && !current.has(file)) {
    rmSync(path.join(PUBLISHED_DIR, file));
    console.log(`✓ unpublished ${file.replace(/\.graphql$/, '')} (no longer in rover.yaml)`);
  }
}
for (const subgraph of subgraphs) {
  const target = path.join(PUBLISHED_DIR, `${subgraph.name}.graphql`);
  writeFileSync(target, publishedSdl(subgraph.file, subgraph.sdl));
  console.log(`✓ published ${subgraph.name} -> ${path.relative(REPO_ROOT, target)}`);
}
console.log('Commit schema/published/ so CI checks the next changes against it.');

function publishedSdl(file: string, sdl: string): string {
  return `# Published version of ${file}: written by \`npm run schema:publish\`, do not edit.\n${sdl}`;
}
