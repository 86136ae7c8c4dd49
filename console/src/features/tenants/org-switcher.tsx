import { useNavigate, useParams } from 'react-router';
import { useMe } from './use-me';

const NEW = '__new__';

/** Which organization the console shows; the last option creates one. */
export function OrgSwitcher() {
  const { me } = useMe();
  const { tenantId } = useParams();
  const navigate = useNavigate();
  const memberships = me?.memberships ?? [];
  return (
    <label className="org-switcher">
      <span className="visually-hidden">Organization</span>
      <select
        aria-label="Organization"
        value={tenantId ?? ''}
        onChange={(event) => navigate(event.target.value === NEW ? '/orgs/new' : `/orgs/${event.target.value}/instances`)}
      >
        {!tenantId && <option value="">Choose an organization</option>}
        {memberships.map((membership) => (
          <option key={membership.tenant.id} value={membership.tenant.id}>
            {membership.tenant.name} ({membership.role.toLowerCase()})
          </option>
        ))}
        <option value={NEW}>+ New organization</option>
      </select>
    </label>
  );
}
