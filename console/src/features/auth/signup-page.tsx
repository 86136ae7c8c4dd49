import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session-context';
import { Field } from '../../ui/field';
import { SIGN_UP } from './auth.documents';
import { AuthForm } from './auth-form';
import { safeNext } from './safe-next';

export function SignupPage() {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [signUp, { loading, error }] = useMutation(SIGN_UP);
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const submit = async () => {
    const { data } = await signUp({ variables: { input: { displayName, email, password } } }).catch(() => ({ data: undefined }));
    if (!data) return;
    signIn(data.signUp, data.signUp.user.id);
    navigate(safeNext(params.get('next')), { replace: true });
  };
  return (
    <AuthForm
      title="Create your account"
      submitLabel="Create account"
      busy={loading}
      error={error}
      onSubmit={submit}
      footer={<Link to={`/login${params.size ? `?${params}` : ''}`}>Already have an account? Sign in</Link>}
    >
      <Field label="Your name" autoComplete="name" required maxLength={80} value={displayName} onValue={setDisplayName} />
      <Field label="Email" type="email" autoComplete="email" required value={email} onValue={setEmail} hint="We send a link to confirm it." />
      <Field
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        value={password}
        onValue={setPassword}
        hint="At least 10 characters, not a commonly used password."
      />
    </AuthForm>
  );
}
