const TONES: Record<string, string> = {
  RUNNING: 'ok',
  ACTIVE: 'ok',
  COMPLETED: 'ok',
  SUCCEEDED: 'ok',
  PAID: 'ok',
  STOPPED: 'idle',
  HIBERNATED: 'idle',
  DELETED: 'idle',
  FAILED: 'bad',
  SUSPENDED: 'bad',
  PAST_DUE: 'bad',
  EXPIRED: 'idle',
};

/** A status as text (never by colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${TONES[status] ?? 'busy'}`} data-status={status}>
      {status.replace(/_/g, ' ')}
    </span>
  );
}
