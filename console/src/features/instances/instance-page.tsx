import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { ErrorMessage } from '../../ui/error-message';
import { StatusBadge } from '../../ui/status-badge';
import { INSTANCE_PAGE } from './instances.documents';
import { INSTANCE_PANELS } from './panels';
import { useLiveInstances } from './use-live-instances';

export function InstancePage() {
  const { tenantId = '', instanceId = '' } = useParams();
  const { data, error } = useQuery(INSTANCE_PAGE, { variables: { id: instanceId } });
  useLiveInstances(tenantId, instanceId);
  const instance = data?.instance;
  if (!instance) {
    return (
      <main>
        <ErrorMessage error={error} />
        {!error && <p aria-busy="true">Loading…</p>}
        <Link to={`/orgs/${tenantId}/instances`}>All instances</Link>
      </main>
    );
  }
  const canManage = instance.tenant.viewerRole === 'OWNER' || instance.tenant.viewerRole === 'ADMIN';
  return (
    <main>
      <nav aria-label="Breadcrumb">
        <Link to={`/orgs/${tenantId}/instances`}>Instances</Link>
      </nav>
      <div className="title-row">
        <h1>{instance.name}</h1>
        <StatusBadge status={instance.status} />
      </div>
      {instance.stagingOf && (
        <p className="staging-marker" role="note">
          Staging copy of <Link to={`/orgs/${tenantId}/instances/${instance.stagingOf.id}`}>{instance.stagingOf.name}</Link>
          {instance.stagingExpiresAt && <> · expires {new Date(instance.stagingExpiresAt).toLocaleDateString()}</>}
        </p>
      )}
      {INSTANCE_PANELS.filter((panel) => panel.shown?.(instance) ?? true).map(({ id, title, Component }) => (
        <section key={id} aria-labelledby={`panel-${id}`} className="panel">
          <h2 id={`panel-${id}`}>{title}</h2>
          <Component instance={instance} canManage={canManage} />
        </section>
      ))}
    </main>
  );
}
