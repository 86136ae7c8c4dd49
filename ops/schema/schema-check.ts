import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { type AllowList, allowListEntryFor, findAllowance } from './allowed-breaking-changes';
import { composeSupergraph } from './compose-supergraph';
import { checkContract } from './contract';
import { plural, renderTable } from './report';
import { crossCheckWithGraphqlJs, diffSchemas, downgradeRemovalsStillServed, type SchemaChange } from './schema-diff';
import { formatFinding, lintSubgraphSdl } from './sdl-lint';
import { buildSubgraphSchema } from './subgraph-schema';
import type { SubgraphSource } from './supergraph-config';

export interface SchemaCheckInput {
  subgraphs: SubgraphSource[];
  /** The committed `schema/supergraph.graphql`, undefined when missing. */
  committedSupergraph: string | undefined;
  /** Last published SDL per subgraph (`schema/published/<name>.graphql`). */
  published: ReadonlyMap<string, string>;
  publishedDir: string;
  allowList: AllowList;
  allowListFile: string;
  /** The public API contract; undefined skips that check with a warning. */
  contract: { sdl: string; file: string } | undefined;
}

export interface SchemaCheckResult {
  lines: string[];
  /** One line per reason the check fails; empty when it passes. */
  failures: string[];
  warnings: string[];
}

/** The five checks of `npm run schema:check`; every check runs even after one failed. */
export function runSchemaCheck(input: SchemaCheckInput): SchemaCheckResult {
  const result: SchemaCheckResult = { lines: [], failures: [], warnings: [] };
  const print = (...lines: string[]): void => {
    result.lines.push(...lines);
  };
  const section = (title: string): void => {
    if (result.lines.length > 0 && result.lines[result.lines.length - 1] !== '') print('');
    print(`==> ${title}`);
  };
  const warn = (line: string): void => {
    result.warnings.push(line);
    print(`warning: ${line}`);
  };

  section(`[1/5] Composition of ${input.subgraphs.map((subgraph) => subgraph.name).join(', ')} (rover.yaml)`);
  const composition = composeSupergraph(input.subgraphs);
  print(...composition.hints);
  if (composition.supergraphSdl) {
    print('✓ composition succeeded');
  } else {
    print(...composition.errors, `✗ composition failed with ${plural(composition.errors.length, 'error')}`);
    result.failures.push(`composition failed with ${plural(composition.errors.length, 'error')}`);
  }

  section('[2/5] Committed supergraph (schema/supergraph.graphql)');
  if (!composition.supergraphSdl) {
    print('- skipped: nothing composed');
  } else if (input.committedSupergraph === composition.supergraphSdl) {
    print('✓ up to date');
  } else {
    const where = input.committedSupergraph === undefined ? 'is missing' : `differs from the composition from line ${firstDifferentLine(input.committedSupergraph, composition.supergraphSdl)}`;
    print(`✗ schema/supergraph.graphql ${where}: run \`npm run schema:compose\` and commit it`);
    result.failures.push('schema/supergraph.graphql is not up to date');
  }

  section(`[3/5] Subgraph changes against the published schemas (${input.publishedDir})`);
  checkChanges(input, composition.apiSchema, result, print, warn);

  section('[4/5] SDL lint');
  let findings = 0;
  for (const subgraph of input.subgraphs) {
    try {
      for (const finding of lintSubgraphSdl(subgraph.name, subgraph.sdl, subgraph.file)) {
        findings += 1;
        print(formatFinding(finding));
      }
    } catch (error) {
      print(`- ${subgraph.name}: not linted, it does not parse (${(error as Error).message})`);
    }
  }
  if (findings === 0) print(`✓ ${plural(input.subgraphs.length, 'subgraph')}, no findings`);
  else {
    print(`✗ ${plural(findings, 'lint finding')}`);
    result.failures.push(plural(findings, 'lint finding'));
  }

  section('[5/5] Public API contract');
  if (!input.contract) {
    warn('the API contract was not found (set SCHEMA_CONTRACT or put it at ../shared/API.graphql); contract check skipped');
  } else if (!composition.apiSchema) {
    print('- skipped: nothing composed');
  } else {
    const violations = checkContract(input.contract.sdl, composition.apiSchema, input.contract.file);
    for (const violation of violations) print(`error[${violation.code}]: ${violation.message}`);
    if (violations.length === 0) print(`✓ the supergraph serves everything ${input.contract.file} names`);
    else {
      print(`✗ ${plural(violations.length, 'contract violation')}`);
      result.failures.push(plural(violations.length, 'contract violation'));
    }
  }
  return result;
}

type Status = 'FAIL' | 'ALLOWED' | 'WARN' | 'PASS';

function checkChanges(input: SchemaCheckInput, apiSchema: GraphQLSchema | undefined, result: SchemaCheckResult, print: (...lines: string[]) => void, warn: (line: string) => void): void {
  for (const problem of input.allowList.problems) {
    print(`✗ ${problem}`);
    result.failures.push(problem);
  }
  const used = new Set<object>();
  const current = new Map(input.subgraphs.map((subgraph) => [subgraph.name, subgraph]));
  const names = [...current.keys(), ...[...input.published.keys()].filter((name) => !current.has(name)).sort()];
  for (const name of names) {
    const published = input.published.get(name);
    const proposed = current.get(name);
    const baseline = `${input.publishedDir}/${name}.graphql`;
    if (published === undefined) warn(`${name} has no published schema (${baseline}); every type counts as added. Run \`npm run schema:publish\` once it is merged`);
    if (proposed === undefined) print(`${name} is no longer in rover.yaml: every type of its published schema counts as removed`);
    let changes: SchemaChange[];
    try {
      const previous = buildSubgraphSchema(published, baseline);
      const next = buildSubgraphSchema(proposed?.sdl, proposed?.file);
      changes = crossCheckWithGraphqlJs(previous.schema, next.schema, diffSchemas(previous, next));
      if (apiSchema) changes = downgradeRemovalsStillServed(changes, previous.schema, apiSchema);
    } catch (error) {
      print(`✗ ${name}: cannot compare (${(error as Error).message})`);
      result.failures.push(`${name}: schema could not be compared`);
      continue;
    }

    print(`Checking the proposed schema for subgraph ${name} against ${baseline}`);
    if (published === undefined && changes.every((change) => change.severity === 'SAFE')) {
      print(`  ${plural(changes.length, 'addition')}, nothing to break: no published schema yet`, '');
      continue;
    }
    if (changes.length === 0) {
      print('  There were no changes detected.', '');
      continue;
    }
    const rows: string[][] = [];
    const unallowed: SchemaChange[] = [];
    for (const change of changes) {
      let status: Status = change.severity === 'SAFE' ? 'PASS' : 'WARN';
      if (change.severity === 'BREAKING') {
        const allowance = findAllowance(input.allowList.entries, name, change);
        if (allowance) used.add(allowance);
        else unallowed.push(change);
        status = allowance ? 'ALLOWED' : 'FAIL';
      }
      rows.push([status, change.severity, change.code, change.coordinate, change.description]);
    }
    print(renderTable(['Change', 'Severity', 'Code', 'Coordinate', 'Description'], rows));
    const count = (severity: SchemaChange['severity']): number => changes.filter((change) => change.severity === severity).length;
    const breaking = count('BREAKING');
    print(
      `  ${name}: ${plural(breaking, 'breaking change')}${breaking > unallowed.length ? ` (${breaking - unallowed.length} allowed)` : ''}, ${count('DANGEROUS')} dangerous, ${count('SAFE')} safe`,
    );
    if (unallowed.length > 0) {
      result.failures.push(`${name}: ${plural(unallowed.length, 'breaking change')} not allowed`);
      print(
        `  ✗ To accept a breaking change, add it with a reason to ${input.allowListFile} ("allowed" array), then publish:`,
        ...unallowed.map((change) => `    ${allowListEntryFor(name, change)}`),
      );
    }
    print('');
  }
  for (const entry of input.allowList.entries) {
    if (!used.has(entry)) warn(`${input.allowListFile}: ${entry.subgraph} ${entry.code} ${entry.coordinate} matches no change any more; remove it`);
  }
}

function firstDifferentLine(before: string, after: string): number {
  const a = before.split('\n');
  const b = after.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line += 1;
  return line + 1;
}

/** Published SDL per subgraph: every `<name>.graphql` of the directory. */
export function readPublishedSchemas(directory: string): Map<string, string> {
  if (!existsSync(directory)) return new Map();
  return new Map(
    readdirSync(directory)
      .filter((file) => file.endsWith('.graphql'))
      .sort()
      .map((file) => [path.basename(file, '.graphql'), readFileSync(path.join(directory, file), 'utf8')]),
  );
}
