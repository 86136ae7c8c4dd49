import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session-context';
import { Field } from '../../ui/field';
import { LOG_IN } from './auth.documents';
import { AuthForm } from './auth-form';
import { safeNext } from './safe-next';

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [logIn, { loading, error }] = useMutation(LOG_IN);
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const submit = async () => {
    const { data } = await logIn({ variables: { email, password } }).catch(() => ({ data: undefined }));
    if (!data) return;
    signIn(data.logIn, data.logIn.user.id);
    navigate(safeNext(params.get('next')), { replace: true });
  };
  return (
    <AuthForm
      title="Sign in"
      submitLabel="Sign in"
      busy={loading}
      error={error}
      onSubmit={submit}
      footer={
        <>
          <Link to={`/signup${params.size ? `?${params}` : ''}`}>Create an account</Link>
          <Link to="/forgot-password">Forgot your password?</Link>
        </>
      }
    >
      <Field label="Email" type="email" autoComplete="email" required value={email} onValue={setEmail} />
      <Field label="Password" type="password" autoComplete="current-password" required value={password} onValue={setPassword} />
    </AuthForm>
  );
}
