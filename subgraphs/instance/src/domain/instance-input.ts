import { BadUserInputError } from '@saas/errors';
import { dnsLabelProblem } from '@saas/subgraph/dns-labels';
import { parseVisibleName } from '@saas/subgraph/visible-names';

const MODULE_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_MODULES = 50;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export interface CreateInstanceRequest {
  tenantId: string;
  name: string;
  subdomain: string;
  odooVersion: string;
  modules: string[];
  idempotencyKey: string | null;
}

export interface CreateInstanceArgs {
  tenantId: string;
  name: string;
  subdomain: string;
  odooVersion: string;
  modules?: readonly string[] | null;
  idempotencyKey?: string | null;
}

/** Validates `CreateInstanceInput`; each error names the field and the reason. */
export function parseCreateInstanceInput(input: CreateInstanceArgs, supportedVersions: readonly string[]): CreateInstanceRequest {
  const name = parseName(input.name);
  const subdomain = parseSubdomain(input.subdomain);
  if (!supportedVersions.includes(input.odooVersion)) {
    throw new BadUserInputError(`Odoo version "${input.odooVersion}" is not supported; choose one of ${supportedVersions.join(', ')}.`, 'input.odooVersion', {
      supported: supportedVersions,
    });
  }
  const modules = [...new Set((input.modules ?? []).map((module) => module.trim()))].filter((module) => module !== 'base');
  const bad = modules.find((module) => !MODULE_NAME.test(module));
  if (bad !== undefined) {
    throw new BadUserInputError(
      `Module "${bad}" is not a technical module name (lower-case letters, digits and underscores, starting with a letter).`,
      'input.modules',
    );
  }
  if (modules.length > MAX_MODULES) throw new BadUserInputError(`At most ${MAX_MODULES} modules can be installed at creation.`, 'input.modules');
  const idempotencyKey = parseIdempotencyKey(input.idempotencyKey);
  return { tenantId: input.tenantId, name, subdomain, odooVersion: input.odooVersion, modules: modules.sort(), idempotencyKey };
}

export interface CreateStagingArgs {
  instanceId: string;
  name: string;
  subdomain: string;
  idempotencyKey?: string | null;
}

export interface CreateStagingRequest {
  /** The production instance to copy. */
  instanceId: string;
  name: string;
  subdomain: string;
  idempotencyKey: string | null;
}

/** Validates `CreateStagingInput` like `CreateInstanceInput`: the same name, subdomain and key rules. */
export function parseCreateStagingInput(input: CreateStagingArgs): CreateStagingRequest {
  return {
    instanceId: parseId(input.instanceId, 'input.instanceId'),
    name: parseName(input.name),
    subdomain: parseSubdomain(input.subdomain),
    idempotencyKey: parseIdempotencyKey(input.idempotencyKey),
  };
}

function parseName(value: string): string {
  return parseVisibleName(value, 'input.name', { maxLength: 100, label: 'Name' });
}

export function parseIdempotencyKey(value: string | null | undefined): string | null {
  const key = value ?? null;
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    throw new BadUserInputError('Idempotency key must be 1 to 200 printable ASCII characters without spaces.', 'input.idempotencyKey');
  }
  return key;
}

/** A DNS label, not reserved, no punycode: the rule tenant slugs share (libs/subgraph dns-labels). */
export function parseSubdomain(value: string): string {
  const problem = dnsLabelProblem(value);
  if (problem) throw new BadUserInputError(`Subdomain "${value.slice(0, 80)}" ${problem.message}`, 'input.subdomain', { reason: problem.reason });
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else is bad input rather than a database error. */
export function parseId(value: string, field: string): string {
  if (!UUID.test(value)) throw new BadUserInputError(`${field} must be a UUID.`, field);
  return value.toLowerCase();
}
