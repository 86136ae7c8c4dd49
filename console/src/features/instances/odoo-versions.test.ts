import { describe, expect, it } from 'vitest';
import { compareOdooVersions, laterOdooVersions } from './odoo-versions';

describe('laterOdooVersions', () => {
  it('keeps only later series, oldest first, comparing numbers not text', () => {
    expect(laterOdooVersions('9.0', ['18.0', '8.0', '10.0', '9.0'])).toEqual(['10.0', '18.0']);
    expect(laterOdooVersions('17.0', ['16.0', '17.0', 'saas-17.2', '18.0'])).toEqual(['saas-17.2', '18.0']);
    expect(laterOdooVersions('18.0', ['16.0', '17.0', '18.0'])).toEqual([]);
  });

  it('orders equal series as equal', () => {
    expect(compareOdooVersions('17.0', '17')).toBe(0);
  });
});
