import { useQuery } from '@apollo/client/react';
import { useParams } from 'react-router';
import { AUDIT_LOG } from '../tenants/tenants.documents';
import { ErrorMessage } from '../../ui/error-message';

export function AuditPage() {
  const { tenantId = '' } = useParams();
  const { data, error, fetchMore, loading } = useQuery(AUDIT_LOG, { variables: { tenantId } });
  const log = data?.tenant?.auditLog;
  const more = () =>
    fetchMore({
      variables: { after: log?.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) => {
        if (!previous.tenant || !fetchMoreResult.tenant) return previous as typeof fetchMoreResult;
        const edges = [...previous.tenant.auditLog.edges, ...fetchMoreResult.tenant.auditLog.edges];
        return { tenant: { ...fetchMoreResult.tenant, auditLog: { ...fetchMoreResult.tenant.auditLog, edges } } };
      },
    });
  return (
    <main>
      <h1>Audit log</h1>
      <ErrorMessage error={error} />
      {log && <p>{log.totalCount} recorded changes, newest first.</p>}
      <table className="list">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Object</th>
          </tr>
        </thead>
        <tbody>
          {log?.edges.map(({ node }) => (
            <tr key={node.id}>
              <td>
                <time dateTime={node.at}>{new Date(node.at).toLocaleString()}</time>
              </td>
              <td>{node.actor?.displayName ?? 'the platform'}</td>
              <td>
                <code>{node.action}</code>
              </td>
              <td>
                {node.targetType} <small>{node.targetId}</small>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log?.pageInfo.hasNextPage && (
        <button type="button" disabled={loading} onClick={() => void more()}>
          Show older entries
        </button>
      )}
    </main>
  );
}
