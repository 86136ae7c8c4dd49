import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { ConfirmButton } from '../../../ui/confirm-button';
import { ErrorMessage } from '../../../ui/error-message';
import { Field } from '../../../ui/field';
import { StatusBadge } from '../../../ui/status-badge';
import { ADD_INSTANCE_DOMAIN, INSTANCE_DOMAINS, REMOVE_INSTANCE_DOMAIN, VERIFY_INSTANCE_DOMAIN } from './domains.documents';
import type { PanelProps } from './panel';

/** The customer's own domain names: add one, point its CNAME at dnsTarget, verify, remove. */
export function DomainsPanel({ instance, canManage }: PanelProps) {
  const { data, error } = useQuery(INSTANCE_DOMAINS, { variables: { id: instance.id } });
  const refetch = { refetchQueries: ['InstanceDomains'] };
  const [domain, setDomain] = useState('');
  const [add, adding] = useMutation(ADD_INSTANCE_DOMAIN, refetch);
  const [verify, verifying] = useMutation(VERIFY_INSTANCE_DOMAIN);
  const [remove, removing] = useMutation(REMOVE_INSTANCE_DOMAIN, refetch);
  const ignore = () => undefined;
  const domains = data?.instance?.domains ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The server validates the name; its message is shown as is.
    void add({ variables: { instanceId: instance.id, domain: domain.trim() } }).then(() => setDomain(''), ignore);
  };
  return (
    <>
      {domains.length === 0 ? (
        <p>No custom domains. The instance answers at {instance.url}.</p>
      ) : (
        <ul className="cards" aria-label="Custom domains">
          {domains.map((item) => (
            <li key={item.id} data-domain={item.domain}>
              <strong>{item.domain}</strong> <StatusBadge status={item.status} />
              {item.status !== 'ACTIVE' && (
                <p className="hint">
                  Add a CNAME record for {item.domain} pointing at <code>{item.dnsTarget}</code>, then verify.
                </p>
              )}
              {item.error && <p className="error-text">{item.error}</p>}
              {canManage && (
                <div className="actions">
                  {item.status !== 'ACTIVE' && (
                    <button type="button" disabled={verifying.loading} aria-label={`Verify ${item.domain}`} onClick={() => void verify({ variables: { id: item.id } }).catch(ignore)}>
                      Verify
                    </button>
                  )}
                  <ConfirmButton
                    label={`Remove ${item.domain}`}
                    question={`Remove ${item.domain}? The instance stops answering at it.`}
                    confirmLabel={`Remove ${item.domain} for good`}
                    danger
                    disabled={removing.loading}
                    onConfirm={() => remove({ variables: { id: item.id } }).then(ignore, ignore)}
                  />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <form className="inline-form" onSubmit={submit} aria-label="Add a domain">
          <Field label="Domain" value={domain} onValue={setDomain} placeholder="erp.example.com" autoComplete="off" required />
          <button type="submit" disabled={adding.loading || domain.trim() === ''}>
            Add domain
          </button>
        </form>
      )}
      <ErrorMessage error={error ?? adding.error ?? verifying.error ?? removing.error} />
    </>
  );
}
