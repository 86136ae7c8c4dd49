// `npm run codegen`: typed resolvers for every subgraph with a codegen.yml, and the console's
// typed operations (console/codegen.yml, client preset against the supergraph), in one process.
// `npm run codegen:check` (CI): regenerates into a temporary directory and fails, listing
// them, when committed generated files are stale or missing.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import type { Types } from '@graphql-codegen/plugin-helpers';
import { parse as parseYaml } from 'yaml';
import { compareGenerated, type GeneratedFile } from './compare-generated';

const REPO_ROOT = path.resolve(__dirname, '../..');
const SUBGRAPHS_DIR = path.join(REPO_ROOT, 'subgraphs');
const CONSOLE_DIR = path.join(REPO_ROOT, 'console');

/** Runs GraphQL Code Generator on one project's codegen.yml without writing anything. */
async function generateProject(directory: string, withBanner: (text: string) => string): Promise<GeneratedFile[]> {
  const config = parseYaml(readFileSync(path.join(directory, 'codegen.yml'), 'utf8')) as Types.Config;
  // The banner hook shells out once per file; the same banner is added here instead.
  const outputs: Types.FileOutput[] = await generate({ ...config, hooks: {}, cwd: directory, silent: true }, false);
  return outputs.map((output) => ({
    file: path.relative(REPO_ROOT, path.resolve(directory, output.filename)),
    content: withBanner(output.content),
  }));
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const { withBanner } = await import('./banner.mjs');
  const projects = [
    ...readdirSync(SUBGRAPHS_DIR)
      .filter((name) => existsSync(path.join(SUBGRAPHS_DIR, name, 'codegen.yml')))
      .sort()
      .map((name) => `subgraphs/${name}`),
    ...(existsSync(path.join(CONSOLE_DIR, 'codegen.yml')) ? ['console'] : []),
  ];
  const files: GeneratedFile[] = [];
  for (const project of projects) {
    try {
      files.push(...(await generateProject(path.join(REPO_ROOT, project), withBanner)));
    } catch (error) {
      console.error(`✗ codegen failed for ${project}: ${(error as Error).message}`);
      process.exit(1);
    }
  }

  if (check) {
    const scratch = mkdtempSync(path.join(tmpdir(), 'codegen-check-'));
    try {
      for (const file of files) writeFile(path.join(scratch, file.file), file.content);
      const regenerated = files.map((file) => ({ file: file.file, content: readFileSync(path.join(scratch, file.file), 'utf8') }));
      const stale = compareGenerated(regenerated, (file) => readIfExists(path.join(REPO_ROOT, file)));
      if (stale.length > 0) {
        console.error(`✗ ${stale.length} generated file(s) out of date with schema/*.graphql or codegen.yml:`);
        for (const entry of stale) console.error(`  ${entry.file} (${entry.reason})`);
        console.error('Run `npm run codegen` and commit the result.');
        process.exit(1);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    console.log(`✓ ${files.length} generated files up to date (${projects.map((project) => path.basename(project)).join(', ')})`);
    return;
  }

  for (const file of files) {
    const target = path.join(REPO_ROOT, file.file);
    if (readIfExists(target) === file.content) {
      console.log(`✓ ${file.file} (unchanged)`);
    } else {
      writeFile(target, file.content);
      console.log(`✓ ${file.file} (written)`);
    }
  }
}

function writeFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
