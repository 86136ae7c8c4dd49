/** Compares Odoo series such as `16.0`, `17.0`, `saas-17.2` by their numbers. */
export function compareOdooVersions(a: string, b: string): number {
  const parts = (version: string) => version.replace(/^saas-/, '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [left, right] = [parts(a), parts(b)];
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The series an instance on `current` can be upgraded to, oldest first. */
export function laterOdooVersions(current: string, versions: readonly string[]): string[] {
  return versions.filter((version) => compareOdooVersions(version, current) > 0).sort(compareOdooVersions);
}
