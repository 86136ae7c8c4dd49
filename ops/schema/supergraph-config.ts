import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const SUPERGRAPH_PATH = path.join(REPO_ROOT, 'schema/supergraph.graphql');
/** Last published SDL of each subgraph, written only by `npm run schema:publish`. */
export const PUBLISHED_DIR = path.join(REPO_ROOT, 'schema/published');
export const ALLOWED_BREAKING_CHANGES_PATH = path.join(REPO_ROOT, 'schema/allowed-breaking-changes.json');
/** The public API contract; SCHEMA_CONTRACT overrides where it lives. */
export const CONTRACT_PATH = process.env.SCHEMA_CONTRACT ?? path.resolve(REPO_ROOT, '../shared/API.graphql');

export interface SubgraphSource {
  name: string;
  url: string;
  /** Path of the SDL file, relative to the repository root. */
  file: string;
  sdl: string;
}

interface RoverConfig {
  federation_version?: string;
  subgraphs?: Record<string, { routing_url?: string; schema?: { file?: string } }>;
}

/** The version of `@apollo/composition` that composes here. */
export function installedCompositionVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('@apollo/composition/package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Why `federation_version` of a Rover config does not describe the composition installed
 * here, or null when it does. Rover reads `=2.14.4` as exactly that release and `2` as the
 * newest 2.x, so an exact pin must equal the installed version and a bare major its major:
 * otherwise `rover supergraph compose` and `npm run schema:compose` would compose differently.
 */
export function federationVersionMismatch(requested: string | undefined, installed: string): string | null {
  if (!requested) return 'federation_version is missing (Rover needs it, e.g. "=2.14.4")';
  const wanted = requested.trim().replace(/^=/, '').replace(/^v/, '');
  if (/^\d+$/.test(wanted)) {
    return installed.split('.')[0] === wanted ? null : `federation_version ${requested} asks for ${wanted}.x, but @apollo/composition ${installed} is installed`;
  }
  if (!/^\d+\.\d+\.\d+$/.test(wanted)) return `federation_version ${requested} is neither "=<major.minor.patch>" nor a major version`;
  return wanted === installed ? null : `federation_version ${requested} pins ${wanted}, but @apollo/composition ${installed} is installed: change one to match the other`;
}

/**
 * The subgraphs of `rover.yaml` (Rover's supergraph config format) with their SDL; throws when
 * its `federation_version` is not the composition installed here.
 */
export function readSupergraphConfig(configPath = path.join(REPO_ROOT, 'rover.yaml')): SubgraphSource[] {
  const config = parseYaml(readFileSync(configPath, 'utf8')) as RoverConfig;
  const mismatch = federationVersionMismatch(config.federation_version, installedCompositionVersion());
  if (mismatch) throw new Error(`${configPath}: ${mismatch}`);
  const entries = Object.entries(config.subgraphs ?? {});
  if (entries.length === 0) throw new Error(`${configPath} lists no subgraphs`);
  return entries.map(([name, subgraph]) => {
    const file = subgraph.schema?.file;
    const url = subgraph.routing_url;
    if (!file || !url) throw new Error(`${configPath}: subgraph "${name}" needs routing_url and schema.file`);
    const absolute = path.resolve(path.dirname(configPath), file);
    return { name, url, file: path.relative(REPO_ROOT, absolute), sdl: readFileSync(absolute, 'utf8') };
  });
}
