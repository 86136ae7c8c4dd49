import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { ConfirmButton } from '../../../ui/confirm-button';
import { ErrorMessage } from '../../../ui/error-message';
import { StatusBadge } from '../../../ui/status-badge';
import { instanceActions } from '../instance-actions';
import { BACKUP_INSTANCE, INSTANCE_BACKUPS, RESTORE_INSTANCE } from '../instances.documents';
import type { PanelProps } from './panel';

function size(bytes: number | null | undefined): string {
  if (bytes == null) return '';
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** Backups of the instance: take one, download one (admins), restore one (which replaces the current data). */
export function BackupsPanel({ instance, canManage }: PanelProps) {
  // Refetched whenever the instance changes state (a backup or restore just finished).
  const { data, error, refetch: reload } = useQuery(INSTANCE_BACKUPS, { variables: { id: instance.id } });
  useEffect(() => {
    void reload();
  }, [instance.status, reload]);
  const refetch = { refetchQueries: ['InstancePage', 'InstanceBackups'] };
  const [backup, backingUp] = useMutation(BACKUP_INSTANCE, refetch);
  const [restore, restoring] = useMutation(RESTORE_INSTANCE, refetch);
  const actions = instanceActions(instance.status, Boolean(instance.currentOperation), canManage);
  const ignore = () => undefined;
  const backups = data?.instance?.backups ?? [];
  return (
    <>
      {canManage && (
        <button type="button" disabled={!actions.backup || backingUp.loading} onClick={() => void backup({ variables: { id: instance.id } }).catch(ignore)}>
          Back up now
        </button>
      )}
      <ErrorMessage error={error ?? backingUp.error ?? restoring.error} />
      {backups.length === 0 ? (
        <p>No backups yet.</p>
      ) : (
        <ul className="cards" aria-label="Backups">
          {backups.map((item) => (
            <li key={item.id}>
              <time dateTime={item.createdAt}>{new Date(item.createdAt).toLocaleString()}</time> <StatusBadge status={item.status} /> {item.kind.toLowerCase().replace('_', '-')} {size(item.sizeBytes)}{' '}
              <span data-verification={item.verification}>
                · verification {item.verification.toLowerCase()}
                {item.verificationError && `: ${item.verificationError}`}
              </span>
              {item.expiresAt && <small> · kept until {new Date(item.expiresAt).toLocaleDateString()}</small>}{' '}
              {canManage && item.status === 'COMPLETED' && item.downloadUrl && (
                <a className="button" href={item.downloadUrl} download aria-label={`Download the backup of ${new Date(item.createdAt).toLocaleString()}`}>
                  Download
                </a>
              )}{' '}
              {canManage && item.status === 'COMPLETED' && (
                <ConfirmButton
                  label={`Restore the backup of ${new Date(item.createdAt).toLocaleString()}`}
                  question={`Restore this backup into ${instance.name}? Everything changed since it was taken is lost.`}
                  confirmLabel="Restore"
                  danger
                  disabled={!actions.restore || restoring.loading}
                  onConfirm={() => restore({ variables: { id: instance.id, backupId: item.id } }).then(ignore, ignore)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
