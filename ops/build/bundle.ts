// Nx `build` of a deployable process: one CommonJS bundle in <project>/dist/main.js. Our own
// workspace libraries (@saas/*, TypeScript sources) are bundled in; npm packages stay
// external and are installed next to it (docker images run `npm ci --omit=dev`).
import { cpSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const projectRoot = path.resolve(process.argv[2] ?? '.');
const repoRoot = path.resolve(__dirname, '../..');

const externalPackages: Plugin = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@saas/') ? undefined : { path: args.path, external: true }));
  },
};

async function main(): Promise<void> {
  const started = Date.now();
  await build({
    entryPoints: [path.join(projectRoot, 'src/main.ts')],
    outfile: path.join(projectRoot, 'dist/main.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    plugins: [externalPackages],
    logLevel: 'warning',
  });
  // Subgraphs read their SDL at start; ship the schema folder with the bundle.
  cpSync(path.join(repoRoot, 'schema'), path.join(projectRoot, 'dist/schema'), { recursive: true });
  console.log(`built ${path.relative(repoRoot, projectRoot)}/dist/main.js in ${Date.now() - started} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
