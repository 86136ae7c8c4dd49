import type { Role } from '@saas/authz';
import { DomainError } from '@saas/errors';
import { assertCanChangeRole, assertCanInvite, assertCanLeave, assertCanRemove, assertCanTransfer, requireRole } from './role-rules';

const T = '00000000-0000-4000-8000-000000000001';

function outcome(run: () => void): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.code + (error.details.requiredRole ? `:${String(error.details.requiredRole)}` : '');
    throw error;
  }
}

describe('role rules', () => {
  it('ranks OWNER > ADMIN > MEMBER and names the role needed', () => {
    expect(outcome(() => requireRole('OWNER', 'ADMIN', T))).toBe('ok');
    expect(outcome(() => requireRole('ADMIN', 'ADMIN', T))).toBe('ok');
    expect(outcome(() => requireRole('MEMBER', 'ADMIN', T))).toBe('FORBIDDEN:ADMIN');
    expect(outcome(() => requireRole('ADMIN', 'OWNER', T))).toBe('FORBIDDEN:OWNER');
  });

  it.each<[Role, Role, string]>([
    ['OWNER', 'OWNER', 'ok'],
    ['OWNER', 'MEMBER', 'ok'],
    ['ADMIN', 'ADMIN', 'ok'],
    ['ADMIN', 'MEMBER', 'ok'],
    ['ADMIN', 'OWNER', 'FORBIDDEN:OWNER'],
    ['MEMBER', 'MEMBER', 'FORBIDDEN:ADMIN'],
  ])('invitations: %s inviting a %s -> %s', (actor, role, expected) => {
    expect(outcome(() => assertCanInvite(actor, role, T))).toBe(expected);
  });

  it.each<[Role, Role, Role, number, string]>([
    ['ADMIN', 'MEMBER', 'ADMIN', 1, 'ok'],
    ['ADMIN', 'ADMIN', 'MEMBER', 1, 'ok'],
    ['ADMIN', 'MEMBER', 'OWNER', 1, 'FORBIDDEN:OWNER'],
    ['ADMIN', 'OWNER', 'MEMBER', 2, 'FORBIDDEN:OWNER'],
    ['MEMBER', 'MEMBER', 'ADMIN', 1, 'FORBIDDEN:ADMIN'],
    ['OWNER', 'MEMBER', 'OWNER', 1, 'ok'],
    ['OWNER', 'OWNER', 'ADMIN', 2, 'ok'],
    ['OWNER', 'OWNER', 'ADMIN', 1, 'CONFLICT'],
    ['OWNER', 'OWNER', 'OWNER', 1, 'ok'],
  ])('role change: %s changes a %s to %s with %i owner(s) -> %s', (actor, target, newRole, ownerCount, expected) => {
    expect(outcome(() => assertCanChangeRole({ actor, target, newRole, ownerCount }, T))).toBe(expected);
  });

  it.each<[Role, Role, number, string]>([
    ['ADMIN', 'MEMBER', 1, 'ok'],
    ['ADMIN', 'ADMIN', 1, 'ok'],
    ['ADMIN', 'OWNER', 2, 'FORBIDDEN:OWNER'],
    ['MEMBER', 'MEMBER', 1, 'FORBIDDEN:ADMIN'],
    ['OWNER', 'OWNER', 2, 'ok'],
    ['OWNER', 'OWNER', 1, 'CONFLICT'],
  ])('removal: %s removes a %s with %i owner(s) -> %s', (actor, target, ownerCount, expected) => {
    expect(outcome(() => assertCanRemove({ actor, target, ownerCount }, T))).toBe(expected);
  });

  it('lets anyone leave except the last owner', () => {
    expect(outcome(() => assertCanLeave('MEMBER', 1))).toBe('ok');
    expect(outcome(() => assertCanLeave('ADMIN', 1))).toBe('ok');
    expect(outcome(() => assertCanLeave('OWNER', 2))).toBe('ok');
    expect(outcome(() => assertCanLeave('OWNER', 1))).toBe('CONFLICT');
  });

  it('lets only an owner transfer ownership', () => {
    expect(outcome(() => assertCanTransfer('OWNER', T))).toBe('ok');
    expect(outcome(() => assertCanTransfer('ADMIN', T))).toBe('FORBIDDEN:OWNER');
  });
});
