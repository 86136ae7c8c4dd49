/** Platform settings the instance subgraph applies to every instance. */
export interface InstanceSettings {
  supportedVersions: readonly string[];
  baseDomain: string;
  urlScheme: string;
  secretsKey: Buffer;
  environment: string;
}

export function publicUrl(settings: InstanceSettings, subdomain: string): string {
  return `${settings.urlScheme}://${subdomain}.${settings.baseDomain}`;
}
