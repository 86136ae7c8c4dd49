import { describe, expect, it } from 'vitest';
import { parseModules } from './modules';

describe('parseModules', () => {
  it('splits on commas and spaces, lower-cases and removes duplicates', () => {
    expect(parseModules(' sale, CRM  stock,sale ')).toEqual(['sale', 'crm', 'stock']);
    expect(parseModules('')).toEqual([]);
  });
});
