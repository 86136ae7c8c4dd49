import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { AuditPage } from '../features/audit/audit-page';
import { LoginPage } from '../features/auth/login-page';
import { ForgotPasswordPage, ResetPasswordPage } from '../features/auth/password-reset-pages';
import { SignupPage } from '../features/auth/signup-page';
import { VerifyEmailPage } from '../features/auth/verify-email-page';
import { BillingPage } from '../features/billing/billing-page';
import { CreateInstancePage } from '../features/instances/create-instance-page';
import { InstanceListPage } from '../features/instances/instance-list-page';
import { InstancePage } from '../features/instances/instance-page';
import { ProfilePage } from '../features/profile/profile-page';
import { AcceptInvitationPage } from '../features/tenants/accept-invitation-page';
import { CreateTenantPage } from '../features/tenants/create-tenant-page';
import { MembersPage } from '../features/tenants/members-page';
import { useMe } from '../features/tenants/use-me';
import { SignedInLayout } from './layout';
import { useSession } from './session-context';

/** Signed-in pages: without a session, sign in first and come back here. */
function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}

/** Signed-out pages: a signed-in person goes on to the console. */
function SignedOutOnly({ children }: { children: ReactNode }) {
  const { session } = useSession();
  return session ? <Navigate to="/" replace /> : children;
}

/** `/`: the first organization, or creating one. */
function Home() {
  const { me, loading } = useMe();
  if (loading || !me) return <p aria-busy="true">Loading…</p>;
  const [first] = me.memberships;
  return <Navigate to={first ? `/orgs/${first.tenant.id}/instances` : '/orgs/new'} replace />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<SignedOutOnly><LoginPage /></SignedOutOnly>} />
      <Route path="/signup" element={<SignedOutOnly><SignupPage /></SignedOutOnly>} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/verify-email" element={<VerifyEmailPage />} />
      <Route element={<RequireSession><SignedInLayout /></RequireSession>}>
        <Route index element={<Home />} />
        <Route path="/invitations/accept" element={<AcceptInvitationPage />} />
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="/orgs/new" element={<CreateTenantPage />} />
        <Route path="/orgs/:tenantId/instances" element={<InstanceListPage />} />
        <Route path="/orgs/:tenantId/instances/new" element={<CreateInstancePage />} />
        <Route path="/orgs/:tenantId/instances/:instanceId" element={<InstancePage />} />
        <Route path="/orgs/:tenantId/members" element={<MembersPage />} />
        <Route path="/orgs/:tenantId/billing" element={<BillingPage />} />
        <Route path="/orgs/:tenantId/audit" element={<AuditPage />} />
      </Route>
      <Route path="*" element={<main><h1>Page not found</h1><a href="/">Go to the console</a></main>} />
    </Routes>
  );
}
