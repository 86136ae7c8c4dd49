import { BackupsPanel } from './backups-panel';
import { DomainsPanel } from './domains-panel';
import { HibernationPanel } from './hibernation-panel';
import { LifecyclePanel } from './lifecycle-panel';
import { LogsPanel } from './logs-panel';
import { OperationsPanel } from './operations-panel';
import { OverviewPanel } from './overview-panel';
import type { InstancePanel } from './panel';
import { StagingPanel } from './staging-panel';
import { UpgradePanel } from './upgrade-panel';

const notDeleted = (instance: { status: string }) => instance.status !== 'DELETED';

/** The sections of the instance page, in order. Add a feature's panel here. */
export const INSTANCE_PANELS: readonly InstancePanel[] = [
  { id: 'overview', title: 'Overview', Component: OverviewPanel },
  { id: 'lifecycle', title: 'Start, stop, delete', Component: LifecyclePanel, shown: notDeleted },
  { id: 'operations', title: 'Operations', Component: OperationsPanel },
  { id: 'backups', title: 'Backups', Component: BackupsPanel, shown: notDeleted },
  { id: 'domains', title: 'Custom domains', Component: DomainsPanel, shown: notDeleted },
  { id: 'staging', title: 'Staging', Component: StagingPanel, shown: notDeleted },
  { id: 'upgrade', title: 'Upgrade', Component: UpgradePanel, shown: notDeleted },
  { id: 'hibernation', title: 'Hibernation', Component: HibernationPanel, shown: notDeleted },
  { id: 'logs', title: 'Live logs', Component: LogsPanel, shown: notDeleted },
];
