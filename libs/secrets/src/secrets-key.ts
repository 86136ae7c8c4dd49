/** Clearly a development default: never use it outside a developer machine or a test run. */
export const DEV_SECRETS_KEY = Buffer.from('odoo-saas-development-only-key!!').toString('base64');

export function parseSecretsKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes, base64-encoded');
  return key;
}
