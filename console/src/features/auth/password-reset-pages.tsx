import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Field } from '../../ui/field';
import { REQUEST_PASSWORD_RESET, RESET_PASSWORD } from './auth.documents';
import { AuthForm } from './auth-form';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [request, { loading, error, data }] = useMutation(REQUEST_PASSWORD_RESET);
  if (data) {
    return (
      <main className="auth">
        <h1>Check your email</h1>
        <p role="status">If an account uses {email}, a link to choose a new password is on its way. It works once, for one hour.</p>
        <Link to="/login">Back to sign in</Link>
      </main>
    );
  }
  return (
    <AuthForm
      title="Reset your password"
      submitLabel="Send the link"
      busy={loading}
      error={error}
      onSubmit={() => void request({ variables: { email } }).catch(() => undefined)}
      footer={<Link to="/login">Back to sign in</Link>}
    >
      <Field label="Email" type="email" autoComplete="email" required value={email} onValue={setEmail} />
    </AuthForm>
  );
}

/** Opened from the reset mail: `/reset-password?token=...`. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [reset, { loading, error, data }] = useMutation(RESET_PASSWORD);
  if (data?.resetPassword) {
    return (
      <main className="auth">
        <h1>Password changed</h1>
        <p role="status">Every device was signed out. Sign in with your new password.</p>
        <Link to="/login">Sign in</Link>
      </main>
    );
  }
  return (
    <AuthForm
      title="Choose a new password"
      submitLabel="Change password"
      busy={loading}
      error={error ?? (token ? undefined : new Error('This link has no token: open the link from the email again.'))}
      onSubmit={() => void reset({ variables: { token, newPassword: password } }).catch(() => undefined)}
    >
      <Field label="New password" type="password" autoComplete="new-password" required minLength={10} value={password} onValue={setPassword} />
    </AuthForm>
  );
}
