import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorMessage } from '../../ui/error-message';
import { Field, SelectField } from '../../ui/field';
import { slugify } from '../tenants/slug';
import { CREATE_INSTANCE, CREATE_INSTANCE_OPTIONS } from './instances.documents';
import { parseModules } from './modules';

export function CreateInstancePage() {
  const { tenantId = '' } = useParams();
  const navigate = useNavigate();
  const { data, error: optionsError } = useQuery(CREATE_INSTANCE_OPTIONS, { variables: { tenantId } });
  const allowed = data?.tenant?.entitlements.allowedOdooVersions ?? [];
  const versions = (data?.odooVersions ?? []).filter((version) => allowed.includes(version));
  const [name, setName] = useState('');
  const [subdomain, setSubdomain] = useState('');
  const [subdomainEdited, setSubdomainEdited] = useState(false);
  const [version, setVersion] = useState('');
  const [modules, setModules] = useState('');
  // One key per form: a double submit or a retry after a network error creates one instance.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const [create, { loading, error }] = useMutation(CREATE_INSTANCE, { refetchQueries: ['TenantInstances'] });
  const chosenVersion = version || versions.at(-1) || '';
  const entitlements = data?.tenant?.entitlements;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({
      variables: { input: { tenantId, name, subdomain, odooVersion: chosenVersion, modules: parseModules(modules), idempotencyKey } },
    }).catch(() => undefined);
    const instance = result?.data?.createInstance.instance;
    if (instance) navigate(`/orgs/${tenantId}/instances/${instance.id}`);
  };
  return (
    <main>
      <h1>New instance</h1>
      {entitlements && (
        <p>
          Plan <strong>{entitlements.planCode}</strong>: {data?.tenant?.instances.totalCount ?? 0} of {entitlements.maxInstances} instances used.
          {!entitlements.canCreateInstances && ' New instances are paused: see the Billing page.'}
        </p>
      )}
      <form onSubmit={submit} aria-label="New instance">
        <Field
          label="Name"
          required
          maxLength={100}
          value={name}
          onValue={(value) => {
            setName(value);
            if (!subdomainEdited) setSubdomain(slugify(value));
          }}
        />
        <Field
          label="Subdomain"
          required
          maxLength={63}
          pattern="[a-z0-9]([a-z0-9\-]*[a-z0-9])?"
          value={subdomain}
          hint="Its address: https://<subdomain>.<platform domain>"
          onValue={(value) => {
            setSubdomainEdited(true);
            setSubdomain(value);
          }}
        />
        <SelectField label="Odoo version" value={chosenVersion} options={versions.map((v) => ({ value: v, label: `Odoo ${v}` }))} onValue={setVersion} />
        <Field label="Modules" value={modules} onValue={setModules} hint="Optional: technical names besides base, separated by commas or spaces (e.g. sale, crm)." />
        <ErrorMessage error={optionsError ?? error} />
        <button type="submit" className="primary" disabled={loading || !chosenVersion}>
          Create instance
        </button>{' '}
        <Link to={`/orgs/${tenantId}/instances`}>Cancel</Link>
      </form>
    </main>
  );
}
