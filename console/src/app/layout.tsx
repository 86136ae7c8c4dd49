import { NavLink, Outlet, useNavigate, useParams } from 'react-router';
import { OrgSwitcher } from '../features/tenants/org-switcher';
import { useMe } from '../features/tenants/use-me';
import { useSession } from './session-context';

/** The frame of every signed-in page: organization switcher, the tenant's sections, the user's menu. */
export function SignedInLayout() {
  const { tenantId } = useParams();
  const { me } = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="top">
        <NavLink to="/" className="brand">
          odoo-saas
        </NavLink>
        <OrgSwitcher />
        <nav aria-label="Account" className="account">
          <NavLink to="/profile">{me?.displayName ?? 'Profile'}</NavLink>
          <button
            type="button"
            onClick={async () => {
              await signOut();
              navigate('/login', { replace: true });
            }}
          >
            Log out
          </button>
        </nav>
      </header>
      {tenantId && (
        <nav aria-label="Organization" className="sections">
          <NavLink to={`/orgs/${tenantId}/instances`}>Instances</NavLink>
          <NavLink to={`/orgs/${tenantId}/members`}>Members</NavLink>
          <NavLink to={`/orgs/${tenantId}/billing`}>Billing</NavLink>
          <NavLink to={`/orgs/${tenantId}/audit`}>Audit log</NavLink>
        </nav>
      )}
      {me && !me.emailVerified && (
        <p className="notice" role="status">
          Confirm your email address with the link we sent to {me.email}.
        </p>
      )}
      <div id="content" tabIndex={-1}>
        <Outlet />
      </div>
    </>
  );
}
