import { isCredentialFreeOperation } from '../src/credential-free-operation';

describe('isCredentialFreeOperation', () => {
  it.each([
    'mutation { refreshSession(refreshToken: "t") { accessToken } }',
    'mutation Login($e: String!, $p: String!) { logIn(email: $e, password: $p) { accessToken } }',
    'mutation { a: logOut(refreshToken: "t") b: __typename }',
    'mutation { resetPassword(token: "t", newPassword: "p") }',
  ])('lets %j through without a valid access token', (query) => {
    expect(isCredentialFreeOperation({ query })).toBe(true);
  });

  it.each([
    '{ me { id } }',
    'query { __typename }',
    'mutation { logIn(email: "e", password: "p") { accessToken } updateProfile(input: {}) { id } }',
    'mutation { logOutEverywhere }',
    'mutation { changePassword(currentPassword: "a", newPassword: "b") }',
    'mutation { ...F } fragment F on Mutation { logIn(email: "e", password: "p") { accessToken } }',
    'mutation { logIn(',
    'subscription { instanceStatusChanged(tenantId: "t") { status } }',
  ])('does not let %j through', (query) => {
    expect(isCredentialFreeOperation({ query })).toBe(false);
  });

  it('picks the named operation of a document with several', () => {
    const query = 'query Me { me { id } } mutation Refresh { refreshSession(refreshToken: "t") { accessToken } }';
    expect(isCredentialFreeOperation({ query, operationName: 'Refresh' })).toBe(true);
    expect(isCredentialFreeOperation({ query, operationName: 'Me' })).toBe(false);
    expect(isCredentialFreeOperation({ query })).toBe(false);
  });

  it('refuses bodies that are not one operation', () => {
    expect(isCredentialFreeOperation(undefined)).toBe(false);
    expect(isCredentialFreeOperation([{ query: 'mutation { logIn(email: "e", password: "p") { accessToken } }' }])).toBe(false);
    expect(isCredentialFreeOperation({ query: 42 })).toBe(false);
  });
});
