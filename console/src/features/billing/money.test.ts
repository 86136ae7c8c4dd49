import { describe, expect, it } from 'vitest';
import { formatMoney } from './money';

describe('formatMoney', () => {
  it('formats cents in the currency', () => {
    expect(formatMoney(2900, 'EUR', 'en-US')).toBe('€29.00');
    expect(formatMoney(0, 'USD', 'en-US')).toBe('$0.00');
  });
});
