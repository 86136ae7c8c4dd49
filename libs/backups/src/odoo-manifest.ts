/**
 * `manifest.json` of Odoo's database-manager zip, as `odoo/service/db.py` `dump_db_manifest`
 * writes it, plus the platform's own facts under `saas` (Odoo ignores keys it does not know).
 */
export interface OdooManifest {
  odoo_dump: string;
  db_name: string;
  version: string;
  version_info: Array<number | string>;
  major_version: string;
  pg_version: string;
  /** Installed modules and their `latest_version`. */
  modules: Record<string, string | null>;
  saas?: SaasManifestFacts;
}

/** What the platform adds: which backup this is and what its filestore holds. */
export interface SaasManifestFacts {
  format: 2;
  backupId: string;
  instanceId: string;
  tenantId: string;
  createdAt: string;
  /** Files under `filestore/` and their total size: verification compares the restore with them. */
  filestore: { files: number; bytes: number };
}

/** Odoo's `"%d.%d" % divmod(server_version / 100, 100)`: 150020 -> "15.0", 90624 -> "9.6". */
export function pgVersionOf(serverVersionNum: number): string {
  const hundredths = serverVersionNum / 100;
  return `${Math.floor(hundredths / 100)}.${Math.floor(hundredths % 100)}`;
}

export function buildOdooManifest(input: {
  databaseName: string;
  odooVersion: string;
  serverVersionNum: number;
  modules: Record<string, string | null>;
  saas?: SaasManifestFacts;
}): OdooManifest {
  const [major = 0, minor = 0] = input.odooVersion.split('.').map((part) => Number.parseInt(part, 10) || 0);
  return {
    odoo_dump: '1',
    db_name: input.databaseName,
    version: input.odooVersion,
    version_info: [major, minor, 0, 'final', 0, ''],
    major_version: input.odooVersion,
    pg_version: pgVersionOf(input.serverVersionNum),
    modules: input.modules,
    ...(input.saas ? { saas: input.saas } : {}),
  };
}

/**
 * The Odoo series a manifest names (`17.0`), from `major_version`, else from `version`
 * (`17.0-20240101`, `17.0+e`); `saas~17.2` stays as is (no platform runs it).
 */
export function odooSeriesOf(manifest: Pick<OdooManifest, 'major_version' | 'version'>): string | undefined {
  for (const candidate of [manifest.major_version, manifest.version]) {
    if (typeof candidate !== 'string') continue;
    const saas = /^saas~\d+\.\d+/.exec(candidate);
    if (saas) return saas[0];
    const series = /^(\d+)\.(\d+)/.exec(candidate);
    if (series) return `${series[1]}.${series[2]}`;
  }
  return undefined;
}

/** Parses `manifest.json`; undefined when it is not a database-manager manifest. */
export function parseOdooManifest(text: string): OdooManifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const manifest = value as Partial<OdooManifest>;
  if (typeof manifest.version !== 'string' && typeof manifest.major_version !== 'string') return undefined;
  if (manifest.modules !== undefined && (typeof manifest.modules !== 'object' || manifest.modules === null || Array.isArray(manifest.modules))) return undefined;
  return {
    odoo_dump: String(manifest.odoo_dump ?? '1'),
    db_name: typeof manifest.db_name === 'string' ? manifest.db_name : '',
    version: typeof manifest.version === 'string' ? manifest.version : String(manifest.major_version),
    version_info: Array.isArray(manifest.version_info) ? manifest.version_info : [],
    major_version: typeof manifest.major_version === 'string' ? manifest.major_version : String(manifest.version),
    pg_version: typeof manifest.pg_version === 'string' ? manifest.pg_version : '',
    modules: (manifest.modules as Record<string, string | null> | undefined) ?? {},
    ...(isSaasFacts(manifest.saas) ? { saas: manifest.saas } : {}),
  };
}

function isSaasFacts(value: unknown): value is SaasManifestFacts {
  if (!value || typeof value !== 'object') return false;
  const facts = value as Partial<SaasManifestFacts>;
  return (
    facts.format === 2 &&
    typeof facts.backupId === 'string' &&
    typeof facts.filestore?.files === 'number' &&
    typeof facts.filestore?.bytes === 'number'
  );
}
