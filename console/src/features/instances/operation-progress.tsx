import { useSubscription } from '@apollo/client/react';
import { ProgressBar } from '../../ui/progress-bar';
import { OPERATION_PROGRESS } from './instances.documents';

interface Operation {
  id: string;
  type: string;
  status: string;
  progress: number;
  message?: string | null;
  error?: string | null;
}

/**
 * An operation's progress bar, moving live: `operationProgress` results land in the cache
 * under the operation's id, so this and every other view of it update.
 */
export function OperationProgress({ operation, subject }: { operation: Operation; subject: string }) {
  const finished = operation.status === 'SUCCEEDED' || operation.status === 'FAILED';
  useSubscription(OPERATION_PROGRESS, { variables: { operationId: operation.id }, skip: finished });
  return (
    <div className="operation" data-operation={operation.id}>
      <ProgressBar value={operation.progress} label={`${operation.type.toLowerCase()} ${subject}`} message={operation.error ?? operation.message} />
    </div>
  );
}
