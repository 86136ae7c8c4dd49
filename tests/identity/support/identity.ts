import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { dataOf, graphql, type GraphQLResponse, SmtpSink, TestStack, type TestStackOptions } from '@saas/testing';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Every process but the worker: the gateway is ready only when every subgraph of the supergraph answers. */
export const IDENTITY_SERVICES = ['auth', 'tenant', 'user', 'billing', 'instance', 'gateway'] as const;

export interface IdentityStack {
  stack: TestStack;
  mail: SmtpSink;
  gql: <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse<T>>;
  teardown: () => Promise<void>;
}

/** A stack whose auth subgraph sends real mail to an SMTP server of the test. */
export async function startIdentityStack(options: { authEnv?: Record<string, string> } & Pick<TestStackOptions, 'env'> = {}): Promise<IdentityStack> {
  const mail = await SmtpSink.start();
  const stack = await TestStack.start({
    services: IDENTITY_SERVICES,
    env: options.env,
    serviceEnv: { auth: { SMTP_URL: mail.url, PUBLIC_APP_URL: 'https://app.example.test', ...options.authEnv } },
  }).catch(async (error: unknown) => {
    await mail.stop();
    throw error;
  });
  return {
    stack,
    mail,
    gql: (query, variables = {}, token) => graphql(stack.gatewayUrl, query, variables, { token }),
    teardown: async () => {
      await stack.teardown();
      await mail.stop();
    },
  };
}

export const AUTH_PAYLOAD = 'accessToken refreshToken expiresAt user { id email emailVerified displayName }';
export const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { ${AUTH_PAYLOAD} } }`;
export const LOG_IN = `mutation($email: String!, $password: String!) { logIn(email: $email, password: $password) { ${AUTH_PAYLOAD} } }`;
export const REFRESH = `mutation($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${AUTH_PAYLOAD} } }`;
export const ME = '{ me { id email emailVerified displayName locale timeZone } }';

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; email: string; emailVerified: boolean; displayName: string };
}

export interface SignedUpUser extends AuthPayload {
  email: string;
  password: string;
}

export const unique = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
export const strongPassword = () => `Tr0ub4dor-${randomBytes(8).toString('hex')}`;

export async function signUp(identity: IdentityStack, name = 'user', displayName = `Test ${name}`): Promise<SignedUpUser> {
  const email = `${name}-${unique()}@example.test`;
  const password = strongPassword();
  const data = dataOf(await identity.gql<{ signUp: AuthPayload }>(SIGN_UP, { input: { email, password, displayName } }));
  return { ...data.signUp, email, password };
}

export async function logIn(identity: IdentityStack, email: string, password: string): Promise<AuthPayload> {
  return dataOf(await identity.gql<{ logIn: AuthPayload }>(LOG_IN, { email, password })).logIn;
}

/** The single-use token of the link in a mail. */
export function tokenInMail(text: string): string {
  const match = /[?&]token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no token link in mail:\n${text}`);
  return match[1];
}

/** Header and claims of a JWT, without verifying it. */
export function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
  if (!header || !claims) throw new Error('not a JWT');
  return { header, claims };
}

/** Runs an operator command of the auth subgraph against this stack (its database, Redis prefix). */
export async function authCli(stack: TestStack, script: 'staff' | 'signing-keys', args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', `subgraphs/auth/src/cli/${script}.ts`, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...stack.env('auth') },
  });
  return stdout.trim();
}
