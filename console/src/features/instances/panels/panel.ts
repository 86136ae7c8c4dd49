import type { ComponentType } from 'react';
import type { InstancePageQuery } from '../../../__generated__/graphql';

export type PanelInstance = NonNullable<InstancePageQuery['instance']>;

export interface PanelProps {
  instance: PanelInstance;
  /** ADMIN or OWNER: may change the instance. */
  canManage: boolean;
}

/**
 * One section of the instance page. A feature (domains, staging copies, upgrades, live
 * logs ...) adds a file here and a line in `index.ts`; a panel fetches its own data.
 */
export interface InstancePanel {
  id: string;
  title: string;
  Component: ComponentType<PanelProps>;
  /** Hidden for instances it does not apply to (e.g. a deleted one). */
  shown?: (instance: PanelInstance) => boolean;
}
