import { MASK, maskSecrets, secretEnvValues } from './mask-secrets';

describe('maskSecrets', () => {
  it('masks the literal secrets it is given, wherever they appear', () => {
    expect(maskSecrets('connecting with s3cr3t-value to db', ['s3cr3t-value'])).toBe(`connecting with ${MASK} to db`);
  });

  it('masks password-like assignments and URL credentials', () => {
    expect(maskSecrets('db_host=h db_port=5433 db_user=u db_password=abc123XYZ')).toBe(`db_host=h db_port=5433 db_user=u db_password=${MASK}`);
    expect(maskSecrets('admin_passwd = "x y"')).toBe(`admin_passwd = ${MASK}`);
    expect(maskSecrets('{"smtp_password": "p"}')).toBe(`{"smtp_password": ${MASK}}`);
    expect(maskSecrets('url postgres://odoo:hunter2@db:5432/x')).toBe(`url postgres://odoo:${MASK}@db:5432/x`);
  });

  it('leaves ordinary lines alone', () => {
    const line = '2026-12-04 01:00:00,000 7 INFO db odoo.standin: HTTP service running on 0.0.0.0:8069';
    expect(maskSecrets(line, ['short', 'not-there'])).toBe(line);
  });
});

describe('secretEnvValues', () => {
  it('picks the values of secret-looking variables', () => {
    expect(secretEnvValues(['HOST=db', 'PASSWORD=pw-1234', 'API_TOKEN=t0k3n', 'EMPTY_SECRET=', 'PATH=/bin'])).toEqual(['pw-1234', 't0k3n']);
  });
});
