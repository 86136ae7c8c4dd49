import type { PanelProps } from './panel';

export function OverviewPanel({ instance }: PanelProps) {
  return (
    <dl className="facts">
      <dt>Address</dt>
      <dd>
        <a href={instance.url} target="_blank" rel="noreferrer">
          {instance.url}
        </a>
      </dd>
      {instance.directUrl && (
        <>
          <dt>Direct address (development)</dt>
          <dd>
            <a href={instance.directUrl} target="_blank" rel="noreferrer">
              {instance.directUrl}
            </a>
          </dd>
        </>
      )}
      <dt>Odoo version</dt>
      <dd>{instance.odooVersion}</dd>
      <dt>Modules</dt>
      <dd>{instance.modules.length ? instance.modules.join(', ') : 'base only'}</dd>
      <dt>Created</dt>
      <dd>
        <time dateTime={instance.createdAt}>{new Date(instance.createdAt).toLocaleString()}</time>
      </dd>
      {instance.statusMessage && (
        <>
          <dt>Status message</dt>
          <dd>{instance.statusMessage}</dd>
        </>
      )}
    </dl>
  );
}
