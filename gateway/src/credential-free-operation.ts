import { Kind, type OperationDefinitionNode, parse } from 'graphql';

/**
 * Mutations that authenticate by what they carry (a password, a refresh or emailed token),
 * not by the access token. A client whose access token just expired still sends it with
 * `refreshSession`; refusing that with 401 would sign the user out instead of refreshing.
 */
const CREDENTIAL_FREE_MUTATIONS = new Set([
  'signUp',
  'logIn',
  'refreshSession',
  'logOut',
  'requestPasswordReset',
  'resetPassword',
  'verifyEmail',
  '__typename',
]);

/** True when the request body is one mutation made only of credential-free fields. */
export function isCredentialFreeOperation(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query).definitions.filter((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
  const operation =
    typeof operationName === 'string' ? operations.find((op) => op.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'mutation') return false;
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && CREDENTIAL_FREE_MUTATIONS.has(selection.name.value),
  );
}
