import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorMessage } from '../../ui/error-message';
import { StatusBadge } from '../../ui/status-badge';
import { TENANT_INSTANCES } from './instances.documents';
import { OperationProgress } from './operation-progress';
import { useLiveInstances } from './use-live-instances';

export function InstanceListPage() {
  const { tenantId = '' } = useParams();
  const { data, error, refetch } = useQuery(TENANT_INSTANCES, { variables: { tenantId } });
  // A new instance arrives as a status event the list has not seen: fetch the list again then.
  const live = useLiveInstances(tenantId);
  const eventInstance = live.data?.instanceStatusChanged.instance.id;
  const listed = data?.tenant?.instances.edges.some((edge) => edge.node.id === eventInstance);
  useEffect(() => {
    if (eventInstance && listed === false) void refetch();
  }, [eventInstance, listed, refetch]);
  const canManage = data?.tenant?.viewerRole === 'OWNER' || data?.tenant?.viewerRole === 'ADMIN';
  const instances = data?.tenant?.instances.edges.map((edge) => edge.node) ?? [];
  return (
    <main>
      <div className="title-row">
        <h1>Instances</h1>
        {canManage && (
          <Link className="button primary" to={`/orgs/${tenantId}/instances/new`}>
            New instance
          </Link>
        )}
      </div>
      <ErrorMessage error={error} />
      {data && instances.length === 0 && <p>No instances yet.{canManage ? ' Create the first one.' : ''}</p>}
      <ul className="cards" aria-label="Instances">
        {instances.map((instance) => (
          <li key={instance.id} className="card" data-instance={instance.id}>
            <div className="card-head">
              <Link to={`/orgs/${tenantId}/instances/${instance.id}`}>{instance.name}</Link> <StatusBadge status={instance.status} />
            </div>
            <p>
              <a href={instance.directUrl ?? instance.url} target="_blank" rel="noreferrer">
                {instance.url}
              </a>{' '}
              · Odoo {instance.odooVersion}
            </p>
            {instance.statusMessage && instance.status === 'FAILED' && <p className="error-text">{instance.statusMessage}</p>}
            {instance.currentOperation && <OperationProgress operation={instance.currentOperation} subject={instance.name} />}
          </li>
        ))}
      </ul>
    </main>
  );
}
