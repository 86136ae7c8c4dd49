/** Subdomains the platform keeps for itself or that would confuse customers. */
export const RESERVED_SUBDOMAINS: ReadonlySet<string> = new Set([
  'www', 'api', 'admin', 'administrator', 'app', 'apps', 'auth', 'login', 'logout', 'signup', 'account', 'accounts',
  'mail', 'email', 'smtp', 'imap', 'pop', 'pop3', 'mx', 'ns', 'ns1', 'ns2', 'dns', 'ftp', 'sftp', 'ssh', 'vpn',
  'gateway', 'graphql', 'traefik', 'proxy', 'static', 'assets', 'cdn', 'media', 'files', 'status', 'health',
  'metrics', 'grafana', 'prometheus', 'help', 'support', 'docs', 'blog', 'billing', 'pay', 'payments', 'dashboard',
  'console', 'portal', 'root', 'system', 'internal', 'localhost', 'test', 'staging', 'dev', 'odoo', 'saas',
]);
