import { renderOdooConf } from './odoo-conf';

describe('renderOdooConf', () => {
  const conf = renderOdooConf({ database: 'odoo_abc', adminPassword: 'master-secret' });
  const options = Object.fromEntries(
    conf
      .split('\n')
      .filter((line) => line.includes(' = '))
      .map((line) => line.split(' = ') as [string, string]),
  );

  it('serves exactly its own database, without the database manager', () => {
    expect(conf.startsWith('[options]\n')).toBe(true);
    expect(options).toMatchObject({ db_name: 'odoo_abc', dbfilter: '^odoo_abc$', list_db: 'False' });
  });

  it('sets the master password and trusts the proxy', () => {
    expect(options).toMatchObject({ admin_passwd: 'master-secret', proxy_mode: 'True', data_dir: '/var/lib/odoo' });
  });

  it('escapes the database name in the filter and refuses line breaks', () => {
    expect(renderOdooConf({ database: 'a.b', adminPassword: 'x' })).toContain('dbfilter = ^a\\.b$');
    expect(() => renderOdooConf({ database: 'odoo_abc', adminPassword: 'x\nlist_db = True' })).toThrow(/line breaks/);
  });

  it('points a staging copy at the mail catcher, and production at nothing of the kind', () => {
    const staging = renderOdooConf({ database: 'odoo_abc', adminPassword: 'x', smtp: { host: 'catcher', port: 2525, user: 'id-1', password: 'p' } });
    expect(staging).toContain('smtp_server = catcher\nsmtp_port = 2525\nsmtp_user = id-1\nsmtp_password = p\n');
    expect(conf).not.toContain('smtp_');
  });
});
