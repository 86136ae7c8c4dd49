import { explainError } from '../api/errors';

/** The server's message and what to do, announced to screen readers. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const explained = explainError(error);
  return (
    <div role="alert" className="error" data-code={explained.code}>
      <p>{explained.message}</p>
      {explained.hint && <p className="hint">{explained.hint}</p>}
    </div>
  );
}
