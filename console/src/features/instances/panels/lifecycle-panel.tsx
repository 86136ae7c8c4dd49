import { useMutation } from '@apollo/client/react';
import { useNavigate } from 'react-router';
import { ConfirmButton } from '../../../ui/confirm-button';
import { ErrorMessage } from '../../../ui/error-message';
import { instanceActions } from '../instance-actions';
import { DELETE_INSTANCE, RESTART_INSTANCE, START_INSTANCE, STOP_INSTANCE } from '../instances.documents';
import type { PanelProps } from './panel';

/** Start, stop, restart and delete; the ones that interrupt users ask first. */
export function LifecyclePanel({ instance, canManage }: PanelProps) {
  const navigate = useNavigate();
  const actions = instanceActions(instance.status, Boolean(instance.currentOperation), canManage);
  const refetch = { refetchQueries: ['InstancePage'] };
  const [start, starting] = useMutation(START_INSTANCE, refetch);
  const [stop, stopping] = useMutation(STOP_INSTANCE, refetch);
  const [restart, restarting] = useMutation(RESTART_INSTANCE, refetch);
  const [remove, removing] = useMutation(DELETE_INSTANCE, refetch);
  const variables = { variables: { id: instance.id } };
  const ignore = () => undefined;
  if (!canManage) return <p>Members with the admin role start, stop and delete instances.</p>;
  return (
    <div className="actions">
      <button type="button" disabled={!actions.start || starting.loading} onClick={() => void start(variables).catch(ignore)}>
        Start
      </button>
      <ConfirmButton
        label="Stop"
        question={`Stop ${instance.name}? Its users are disconnected until it is started again.`}
        confirmLabel={`Stop ${instance.name}`}
        disabled={!actions.stop || stopping.loading}
        onConfirm={() => stop(variables).then(ignore, ignore)}
      />
      <ConfirmButton
        label="Restart"
        question={`Restart ${instance.name}? Its users are disconnected for a moment.`}
        confirmLabel={`Restart ${instance.name}`}
        disabled={!actions.restart || restarting.loading}
        onConfirm={() => restart(variables).then(ignore, ignore)}
      />
      <ConfirmButton
        label="Delete"
        question={`Delete ${instance.name}? Its container, database and files are removed for good.`}
        confirmLabel={`Delete ${instance.name} for good`}
        danger
        disabled={!actions.delete || removing.loading}
        onConfirm={() => remove(variables).then(() => navigate(`/orgs/${instance.tenant.id}/instances`), ignore)}
      />
      <ErrorMessage error={starting.error ?? stopping.error ?? restarting.error ?? removing.error} />
    </div>
  );
}
