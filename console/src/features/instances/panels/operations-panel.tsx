import { StatusBadge } from '../../../ui/status-badge';
import { OperationProgress } from '../operation-progress';
import type { PanelProps } from './panel';

/** The recent operations; the running one with its live progress bar. */
export function OperationsPanel({ instance }: PanelProps) {
  const current = instance.currentOperation;
  return (
    <>
      {current && <OperationProgress operation={current} subject={instance.name} />}
      <ol className="operations">
        {instance.operations.map((operation) => (
          <li key={operation.id}>
            <strong>{operation.type.toLowerCase()}</strong> <StatusBadge status={operation.status} />{' '}
            <time dateTime={operation.createdAt}>{new Date(operation.createdAt).toLocaleString()}</time>
            {operation.error && <span className="error-text"> · {operation.error}</span>}
          </li>
        ))}
      </ol>
    </>
  );
}
