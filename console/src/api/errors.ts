import { CombinedGraphQLErrors } from '@apollo/client';

export interface ExplainedError {
  message: string;
  /** What the person can do about it. */
  hint?: string;
  code?: string;
}

const ROLE_NAMES: Record<string, string> = { OWNER: 'owner', ADMIN: 'admin', MEMBER: 'member' };

/** The server's message, with what to do for the codes a person can act on. */
export function explainError(error: unknown): ExplainedError {
  if (CombinedGraphQLErrors.is(error)) {
    const [first] = error.errors;
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
    const message = first?.message ?? 'The request failed.';
    return { message, code, hint: hintFor(code, first?.extensions ?? {}) };
  }
  if (error instanceof Error && /fetch|network|socket/i.test(`${error.name} ${error.message}`)) {
    return { message: 'The server cannot be reached.', hint: 'Check your connection; the page retries by itself.', code: 'NETWORK' };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

function hintFor(code: string | undefined, extensions: Record<string, unknown>): string | undefined {
  switch (code) {
    case 'FORBIDDEN': {
      const role = typeof extensions.requiredRole === 'string' ? ROLE_NAMES[extensions.requiredRole] : undefined;
      return role
        ? `This needs the ${role} role in this organization. Ask an owner to change your role.`
        : 'You are not allowed to do this here. Ask an owner of the organization for access.';
    }
    case 'QUOTA_EXCEEDED':
      return "Your plan's limit is reached. Choose a bigger plan on the Billing page, or delete an instance you no longer need.";
    case 'UNAUTHENTICATED':
      return 'Your session has ended. Sign in again.';
    case 'CONFLICT':
      return 'Something already exists or is in the way; change the value or wait for the running operation to finish.';
    case 'BAD_USER_INPUT':
      return undefined;
    default:
      return undefined;
  }
}
