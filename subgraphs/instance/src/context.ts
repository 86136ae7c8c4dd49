import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@saas/auth';
import type { TenantAuthorizer } from '@saas/authz';
import type { BackupStore } from '@saas/backups';
import type { TenantChannelMessage } from '@saas/contracts';
import type { CallerInfo } from '@saas/subgraph';
import type { Request } from 'express';
import { BackupDownloads } from './services/backup-downloads.service';
import type { EntitlementsClient } from './services/entitlements.client';
import type { DnsVerifier } from './services/dns-verifier';
import { InstanceCommands } from './services/instance-commands.service';
import { InstanceDomains } from './services/instance-domains.service';
import { InstanceImports } from './services/instance-imports.service';
import { InstanceQueries } from './services/instance-queries.service';
import { StatusHistory } from './services/status-history';
import type { InstanceSettings } from './services/instance-settings';

/** Everything a resolver of the instance subgraph gets. */
export interface InstanceContext {
  identity: Identity;
  /** The client's address (libs/subgraph client-address), for the audit log. */
  ip: string | null;
  em: EntityManager;
  commands: InstanceCommands;
  queries: InstanceQueries;
  statusHistory: StatusHistory;
  domains: InstanceDomains;
  downloads: BackupDownloads;
  imports: InstanceImports;
  settings: InstanceSettings;
}

export interface ContextDependencies {
  em: EntityManager;
  identify: (authorization: string | undefined) => Promise<Identity>;
  authorizer: TenantAuthorizer;
  entitlements: EntitlementsClient;
  settings: InstanceSettings;
  dns: DnsVerifier;
  store: BackupStore;
  afterCommit: (messages: TenantChannelMessage[]) => void;
}

export function createContextFactory(deps: ContextDependencies) {
  return async (req: Request, caller: CallerInfo): Promise<InstanceContext> => {
    const em = deps.em.fork() as EntityManager;
    return {
      identity: await deps.identify(req.headers.authorization),
      ip: caller.clientIp,
      em,
      commands: new InstanceCommands({ ...deps, em }),
      queries: new InstanceQueries(em, deps.authorizer),
      statusHistory: new StatusHistory(em, deps.authorizer),
      domains: new InstanceDomains({ ...deps, em }),
      imports: new InstanceImports({ ...deps, em }),
      downloads: new BackupDownloads({ em, authorizer: deps.authorizer, store: deps.store, links: deps.settings.links }),
      settings: deps.settings,
    };
  };
}
