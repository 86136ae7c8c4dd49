import { describe, expect, it } from 'vitest';
import { slugify } from './slug';

describe('slugify', () => {
  it('makes a DNS label of a name', () => {
    expect(slugify('Café Müller & Söhne')).toBe('cafe-muller-sohne');
    expect(slugify('  --Acme  Corp-- ')).toBe('acme-corp');
    expect(slugify('x'.repeat(70))).toHaveLength(63);
    expect(slugify(`${'a'.repeat(62)} b`)).toBe('a'.repeat(62));
  });
});
