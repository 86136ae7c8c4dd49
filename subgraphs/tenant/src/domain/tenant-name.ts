import { parseVisibleName } from '@saas/subgraph/visible-names';

/** A tenant's name (it reaches mail subjects): the shared rule for names, at most 100 characters. */
export function parseTenantName(value: string, field: string): string {
  return parseVisibleName(value, field, { maxLength: 100, label: 'Name' });
}
