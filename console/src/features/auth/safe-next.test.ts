import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('the page after sign-in', () => {
  it('is a path of the console', () => {
    expect(safeNext('/invitations/accept?token=abc')).toBe('/invitations/accept?token=abc');
    expect(safeNext(null)).toBe('/');
  });

  it('is never another site', () => {
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) expect(safeNext(next)).toBe('/');
  });
});
