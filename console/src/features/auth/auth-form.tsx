import type { FormEvent, ReactNode } from 'react';
import { ErrorMessage } from '../../ui/error-message';

interface AuthFormProps {
  title: string;
  submitLabel: string;
  busy: boolean;
  error?: unknown;
  onSubmit: () => void;
  children: ReactNode;
  footer?: ReactNode;
}

/** The frame of the signed-out pages: a titled form, its error and its links. */
export function AuthForm({ title, submitLabel, busy, error, onSubmit, children, footer }: AuthFormProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <main className="auth">
      <h1>{title}</h1>
      <form onSubmit={submit} aria-label={title}>
        {children}
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {submitLabel}
        </button>
      </form>
      {footer && <nav className="auth-links">{footer}</nav>}
    </main>
  );
}
