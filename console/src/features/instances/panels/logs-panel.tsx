import { useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { explainError } from '../../../api/errors';
import { ErrorMessage } from '../../../ui/error-message';
import { appendLogLine, type LogLine, logStreamClass } from '../log-lines';
import type { PanelProps } from './panel';
import { INSTANCE_LOGS } from './logs.documents';

/** The instance's log, live while the panel is open; closing it ends the subscription. */
export function LogsPanel({ instance }: PanelProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-expanded={open} aria-controls={`logs-${instance.id}`} onClick={() => setOpen((value) => !value)}>
        {open ? 'Hide live logs' : 'Show live logs'}
      </button>
      <div id={`logs-${instance.id}`}>{open && <LiveLog instanceId={instance.id} />}</div>
    </>
  );
}

function LiveLog({ instanceId }: { instanceId: string }) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const { error } = useSubscription(INSTANCE_LOGS, {
    variables: { instanceId, tail: 100 },
    onData: ({ data }) => {
      const next = data.data?.instanceLogs;
      if (next) setLines((current) => appendLogLine(current, next));
    },
  });
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [lines]);
  if (error && explainError(error).code === 'FORBIDDEN') {
    return (
      <div role="alert" className="error" data-code="FORBIDDEN">
        <p>Live logs are for admins and owners of the organization: they can show data of the instance's users.</p>
        <p className="hint">Ask an owner to give you the admin role to see them.</p>
      </div>
    );
  }
  return (
    <>
      <ErrorMessage error={error} />
      {lines.length === 0 && !error && <p aria-busy="true">Waiting for log lines…</p>}
      <ol className="log" aria-label="Log lines" aria-live="off">
        {lines.map((item, index) => (
          <li key={`${item.at}-${index}`} className={logStreamClass(item.stream)} data-stream={item.stream}>
            <time dateTime={item.at}>{new Date(item.at).toLocaleTimeString()}</time> <span className="visually-hidden">{item.stream}: </span>
            {item.line}
          </li>
        ))}
        <li ref={end} aria-hidden="true" className="log-end" />
      </ol>
    </>
  );
}
