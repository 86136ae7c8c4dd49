import { DomainError } from '@saas/errors';
import { parseInviteEmail, sameMailbox } from './email';
import { hashInvitationToken, newInvitationToken } from './invitation-token';

describe('invitation emails and tokens', () => {
  it('normalises like auth: trimmed, domain lower-cased', () => {
    expect(parseInviteEmail('  Jane.Doe@Example.COM ', 'email')).toBe('Jane.Doe@example.com');
  });

  it.each(['', 'jane', 'jane@', '@example.com', 'jane@example', 'ja ne@example.com', `${'a'.repeat(250)}@example.com`])(
    'refuses %p',
    (value) => {
      expect(() => parseInviteEmail(value, 'email')).toThrow(DomainError);
    },
  );

  it('matches mailboxes without case', () => {
    expect(sameMailbox('Jane@example.com', 'jane@EXAMPLE.com')).toBe(true);
    expect(sameMailbox('jane@example.com', 'john@example.com')).toBe(false);
  });

  it('stores only a hash of a random token', () => {
    const { token, hash } = newInvitationToken();
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(hash).toBe(hashInvitationToken(token));
    expect(hash).not.toContain(token);
    expect(newInvitationToken().token).not.toBe(token);
  });
});
