import { useMutation } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../ui/error-message';
import { ACCEPT_INVITATION } from './tenants.documents';

/** Opened from the invitation mail (signed in first): `/invitations/accept?token=...`. */
export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [accept, { data, loading, error }] = useMutation(ACCEPT_INVITATION, { refetchQueries: ['Me'], awaitRefetchQueries: true });
  const membership = data?.acceptInvitation;
  return (
    <main>
      <h1>Join an organization</h1>
      {membership ? (
        <>
          <p role="status">
            You joined {membership.tenant.name} as {membership.role.toLowerCase()}.
          </p>
          <Link to={`/orgs/${membership.tenant.id}/instances`}>Open {membership.tenant.name}</Link>
        </>
      ) : (
        <>
          <p>Accept the invitation with the account it was sent to.</p>
          <ErrorMessage error={error ?? (token ? undefined : new Error('This link has no token: open the link from the email again.'))} />
          <button type="button" className="primary" disabled={!token || loading} onClick={() => void accept({ variables: { token } }).catch(() => undefined)}>
            Accept the invitation
          </button>
        </>
      )}
    </main>
  );
}
