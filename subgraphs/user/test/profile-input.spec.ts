import { DomainError } from '@saas/errors';
import { parseProfileInput } from '../src/services/profile-input';

describe('display names: the shared rule of libs/subgraph', () => {
  it.each(['\u200B\u200B\u200B', '\u3164', 'Eve\u202E', '\u2066Eve'])('refuses %j with BAD_USER_INPUT on input.displayName', (displayName) => {
    let refused: DomainError | undefined;
    try {
      parseProfileInput({ displayName });
    } catch (error) {
      if (error instanceof DomainError) refused = error;
      else throw error;
    }
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'input.displayName' } });
  });

  it('keeps an ordinary display name, trimmed', () => {
    expect(parseProfileInput({ displayName: '  Ada  Lovelace ' })).toEqual({ displayName: 'Ada Lovelace' });
  });
});
