import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ConfirmButton } from '../../../ui/confirm-button';
import { ErrorMessage } from '../../../ui/error-message';
import { Field } from '../../../ui/field';
import { StatusBadge } from '../../../ui/status-badge';
import { isBusy } from '../instance-actions';
import { OperationProgress } from '../operation-progress';
import type { PanelProps } from './panel';
import { CAUGHT_MAILS, CREATE_STAGING, INSTANCE_STAGINGS, REFRESH_STAGING } from './staging.documents';

const ignore = () => undefined;

/** A production instance's staging copies; on a copy, where it comes from, its expiry and the mails it tried to send. */
export function StagingPanel(props: PanelProps) {
  return props.instance.stagingOf ? <StagingCopyPanel {...props} /> : <StagingCopiesPanel {...props} />;
}

function StagingCopiesPanel({ instance, canManage }: PanelProps) {
  const tenantId = instance.tenant.id;
  const { data, error } = useQuery(INSTANCE_STAGINGS, { variables: { id: instance.id } });
  const refetch = { refetchQueries: ['InstanceStagings', 'InstancePage'] };
  const [create, creating] = useMutation(CREATE_STAGING, refetch);
  const [refresh, refreshing] = useMutation(REFRESH_STAGING, refetch);
  const [name, setName] = useState(`${instance.name} staging`);
  const [subdomain, setSubdomain] = useState(`${instance.subdomain}-staging`);
  const stagings = data?.instance?.stagings ?? [];
  const started = creating.data?.createStaging ?? refreshing.data?.refreshStaging;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { instanceId: instance.id, name: name.trim(), subdomain: subdomain.trim(), idempotencyKey: crypto.randomUUID() };
    void create({ variables: { input } }).catch(ignore);
  };
  return (
    <>
      {stagings.length === 0 ? (
        <p>No staging copies. A copy is a neutralized clone (mails caught, scheduled actions off) to try changes on.</p>
      ) : (
        <ul className="cards" aria-label="Staging copies">
          {stagings.map((copy) => (
            <li key={copy.id}>
              <Link to={`/orgs/${tenantId}/instances/${copy.id}`}>{copy.name}</Link> <StatusBadge status={copy.status} /> <small>{copy.url}</small>
              {copy.stagingExpiresAt && <small> · deleted on {new Date(copy.stagingExpiresAt).toLocaleDateString()}</small>}{' '}
              {canManage && (
                <ConfirmButton
                  label={`Refresh ${copy.name}`}
                  question={`Replace the data of ${copy.name} with a fresh copy of ${instance.name}? Changes made on the copy are lost.`}
                  confirmLabel={`Refresh ${copy.name} now`}
                  disabled={refreshing.loading || isBusy(copy.status)}
                  onConfirm={() => refresh({ variables: { id: copy.id } }).then(ignore, ignore)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {started && started.status !== 'SUCCEEDED' && <OperationProgress operation={started} subject={started.instance.name} />}
      {canManage && (
        <form className="inline-form" onSubmit={submit} aria-label="Create a staging copy">
          <Field label="Copy name" value={name} onValue={setName} required maxLength={100} />
          <Field label="Copy subdomain" value={subdomain} onValue={setSubdomain} required autoComplete="off" />
          <button type="submit" disabled={creating.loading || instance.status !== 'RUNNING'}>
            Create staging copy
          </button>
        </form>
      )}
      <ErrorMessage error={error ?? creating.error ?? refreshing.error} />
    </>
  );
}

function StagingCopyPanel({ instance }: PanelProps) {
  const { data, error } = useQuery(CAUGHT_MAILS, { variables: { id: instance.id } });
  const mails = data?.instance?.caughtMails;
  return (
    <>
      {instance.stagingExpiresAt && (
        <p>
          Deleted automatically on <time dateTime={instance.stagingExpiresAt}>{new Date(instance.stagingExpiresAt).toLocaleString()}</time>.
        </p>
      )}
      <h3>Caught mails{mails ? ` (${mails.totalCount})` : ''}</h3>
      {mails && mails.edges.length === 0 && <p>No mail caught: anything this copy sends is kept here, never delivered.</p>}
      {mails && mails.edges.length > 0 && (
        <ul className="cards" aria-label="Caught mails">
          {mails.edges.map(({ node }) => (
            <li key={node.id}>
              <strong>{node.subject || '(no subject)'}</strong>
              <br />
              <small>
                from {node.from} to {node.to.join(', ')} · <time dateTime={node.at}>{new Date(node.at).toLocaleString()}</time>
              </small>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={error} />
    </>
  );
}
