import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The module reads SAAS_DEV_SECRETS_DIR when loaded: a fresh copy per case. */
function loadWith(dir: string): typeof import('../src/dev-secrets') {
  const before = process.env.SAAS_DEV_SECRETS_DIR;
  process.env.SAAS_DEV_SECRETS_DIR = dir;
  try {
    let loaded: typeof import('../src/dev-secrets') | undefined;
    jest.isolateModules(() => {
      loaded = jest.requireActual<typeof import('../src/dev-secrets')>('../src/dev-secrets');
    });
    return loaded!;
  } finally {
    if (before === undefined) delete process.env.SAAS_DEV_SECRETS_DIR;
    else process.env.SAAS_DEV_SECRETS_DIR = before;
  }
}

describe("the machine's generated development secrets", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dev-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("builds the Odoo database admin's URL from the generated password, never a published one", () => {
    writeFileSync(path.join(dir, 'odoo-db-admin-password'), 'g3n/er@ted\n');
    const secrets = loadWith(dir);
    expect(secrets.machineDevSecret('odoo-db-admin-password')).toBe('g3n/er@ted');
    const url = new URL(secrets.devOdooDbAdminUrl());
    expect(decodeURIComponent(url.password)).toBe('g3n/er@ted');
    expect(`${url.username}@${url.host}${url.pathname}`).toBe('odoo_admin@127.0.0.1:5433/postgres');
  });

  it('has an empty password (refused by the server) where nothing was generated', () => {
    const secrets = loadWith(path.join(dir, 'missing'));
    expect(secrets.machineDevSecret('odoo-db-admin-password')).toBeUndefined();
    expect(new URL(secrets.devOdooDbAdminUrl()).password).toBe('');
  });
});
