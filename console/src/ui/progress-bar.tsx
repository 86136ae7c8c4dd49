/** An accessible progress bar (0..100) with its label and current step. */
export function ProgressBar({ value, label, message }: { value: number; label: string; message?: string | null }) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="progress">
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={clamped} aria-valuetext={`${clamped}%${message ? `: ${message}` : ''}`}>
        <div className="progress-fill" style={{ width: `${clamped}%` }} />
      </div>
      <small>
        {clamped}%{message ? ` · ${message}` : ''}
      </small>
    </div>
  );
}
