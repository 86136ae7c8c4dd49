import { useMutation } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../ui/error-message';
import { VERIFY_EMAIL } from './auth.documents';

/**
 * Opened from the verification mail: `/verify-email?token=...`. A button, not an automatic
 * call, so a mail scanner that opens links does not use up the single-use token.
 */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [verify, { loading, error, data }] = useMutation(VERIFY_EMAIL, { refetchQueries: ['Me'] });
  return (
    <main className="auth">
      <h1>Confirm your email address</h1>
      {data?.verifyEmail ? (
        <>
          <p role="status">Your email address is confirmed.</p>
          <Link to="/">Go to the console</Link>
        </>
      ) : (
        <>
          <ErrorMessage error={error ?? (token ? undefined : new Error('This link has no token: open the link from the email again.'))} />
          <button type="button" className="primary" disabled={!token || loading} onClick={() => void verify({ variables: { token } }).catch(() => undefined)}>
            Confirm my email address
          </button>
        </>
      )}
    </main>
  );
}
