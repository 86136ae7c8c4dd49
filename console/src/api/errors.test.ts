import { CombinedGraphQLErrors } from '@apollo/client';
import { describe, expect, it } from 'vitest';
import { explainError } from './errors';

const graphqlError = (message: string, extensions: Record<string, unknown>) => new CombinedGraphQLErrors({ errors: [{ message, extensions }] });

describe('errors shown to people', () => {
  it('keeps the server message and says which role is needed', () => {
    const explained = explainError(graphqlError('Requires ADMIN', { code: 'FORBIDDEN', requiredRole: 'ADMIN' }));
    expect(explained).toEqual({ message: 'Requires ADMIN', code: 'FORBIDDEN', hint: 'This needs the admin role in this organization. Ask an owner to change your role.' });
  });

  it('explains a quota with what to do', () => {
    expect(explainError(graphqlError('3 instances at most', { code: 'QUOTA_EXCEEDED' })).hint).toMatch(/Billing page/);
  });

  it('shows validation messages as they are', () => {
    expect(explainError(graphqlError('subdomain is reserved', { code: 'BAD_USER_INPUT' }))).toEqual({ message: 'subdomain is reserved', code: 'BAD_USER_INPUT', hint: undefined });
  });

  it('says when the server cannot be reached', () => {
    expect(explainError(new TypeError('Failed to fetch')).code).toBe('NETWORK');
  });
});
