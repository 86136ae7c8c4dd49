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

/** The subgraphs of `rover.yaml` (Rover's supergraph config format) with their SDL. */
export function readSupergraphConfig(configPath = path.join(REPO_ROOT, 'rover.yaml')): SubgraphSource[] {
  const config = parseYaml(readFileSync(configPath, 'utf8')) as RoverConfig;
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
