import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import type { Role } from '../../__generated__/graphql';
import { useSession } from '../../app/session-context';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorMessage } from '../../ui/error-message';
import { Field, SelectField } from '../../ui/field';
import { StatusBadge } from '../../ui/status-badge';
import { CHANGE_MEMBER_ROLE, INVITE_MEMBER, REMOVE_MEMBER, REVOKE_INVITATION, TENANT_INVITATIONS, TENANT_MEMBERS } from './tenants.documents';

const ROLES: ReadonlyArray<{ value: Role; label: string }> = [
  { value: 'MEMBER', label: 'Member (sees instances)' },
  { value: 'ADMIN', label: 'Admin (manages instances, members, billing)' },
  { value: 'OWNER', label: 'Owner (everything)' },
];

export function MembersPage() {
  const { tenantId = '' } = useParams();
  const { session } = useSession();
  const { data, error } = useQuery(TENANT_MEMBERS, { variables: { tenantId } });
  const canManage = data?.tenant?.viewerRole === 'OWNER' || data?.tenant?.viewerRole === 'ADMIN';
  const [changeRole, changing] = useMutation(CHANGE_MEMBER_ROLE);
  const [remove, removing] = useMutation(REMOVE_MEMBER, { refetchQueries: ['TenantMembers'] });
  return (
    <main>
      <h1>Members</h1>
      <ErrorMessage error={error ?? changing.error ?? removing.error} />
      <table className="list">
        <caption className="visually-hidden">Members of {data?.tenant?.name}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {data?.tenant?.members.map((member) => (
            <tr key={member.user.id}>
              <td>{member.user.displayName}</td>
              <td>{member.user.email}</td>
              <td>
                {canManage && member.user.id !== session?.userId ? (
                  <select
                    aria-label={`Role of ${member.user.displayName}`}
                    value={member.role}
                    onChange={(event) => void changeRole({ variables: { tenantId, userId: member.user.id, role: event.target.value as Role } }).catch(() => undefined)}
                  >
                    {ROLES.map((role) => (
                      <option key={role.value} value={role.value}>
                        {role.value.toLowerCase()}
                      </option>
                    ))}
                  </select>
                ) : (
                  member.role.toLowerCase()
                )}
              </td>
              <td>
                {canManage && member.user.id !== session?.userId && (
                  <ConfirmButton
                    label={`Remove ${member.user.displayName}`}
                    question={`Remove ${member.user.displayName} from the organization? They lose access at once.`}
                    confirmLabel="Remove"
                    danger
                    onConfirm={() => remove({ variables: { tenantId, userId: member.user.id } }).then(() => undefined, () => undefined)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage && <Invitations tenantId={tenantId} />}
    </main>
  );
}

function Invitations({ tenantId }: { tenantId: string }) {
  const { data, error } = useQuery(TENANT_INVITATIONS, { variables: { tenantId } });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const [invite, inviting] = useMutation(INVITE_MEMBER, { refetchQueries: ['TenantInvitations'] });
  const [revoke, revoking] = useMutation(REVOKE_INVITATION);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await invite({ variables: { tenantId, email, role } }).catch(() => undefined);
    if (result?.data) setEmail('');
  };
  return (
    <section aria-labelledby="invitations">
      <h2 id="invitations">Invitations</h2>
      <form onSubmit={submit} aria-label="Invite someone" className="inline-form">
        <Field label="Email" type="email" required value={email} onValue={setEmail} />
        <SelectField label="Role" value={role} options={ROLES} onValue={(value) => setRole(value as Role)} />
        <button type="submit" disabled={inviting.loading}>
          Send invitation
        </button>
      </form>
      <ErrorMessage error={error ?? inviting.error ?? revoking.error} />
      <ul className="cards">
        {data?.tenant?.invitations.map((invitation) => (
          <li key={invitation.id}>
            <strong>{invitation.email}</strong> as {invitation.role.toLowerCase()} <StatusBadge status={invitation.status} />{' '}
            <small>until {new Date(invitation.expiresAt).toLocaleDateString()}</small>{' '}
            {invitation.status === 'PENDING' && (
              <button type="button" onClick={() => void revoke({ variables: { invitationId: invitation.id } }).catch(() => undefined)}>
                Revoke invitation to {invitation.email}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
