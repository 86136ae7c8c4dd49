import { useMutation } from '@apollo/client/react';
import { ErrorMessage } from '../../../ui/error-message';
import { instanceActions } from '../instance-actions';
import { HIBERNATE_INSTANCE, SET_INSTANCE_HIBERNATION } from './hibernation.documents';
import type { PanelProps } from './panel';

/** Hibernation: stopped while idle (data kept), woken by its next request; an instance may opt out. */
export function HibernationPanel({ instance, canManage }: PanelProps) {
  const actions = instanceActions(instance.status, Boolean(instance.currentOperation), canManage);
  const [hibernate, hibernating] = useMutation(HIBERNATE_INSTANCE, { refetchQueries: ['InstancePage'] });
  const [setHibernation, setting] = useMutation(SET_INSTANCE_HIBERNATION);
  const ignore = () => undefined;
  const after = instance.hibernateAfterMinutes;
  return (
    <>
      {instance.status === 'HIBERNATED' && <p>Hibernated: its data is kept and the next visit to {instance.url} wakes it.</p>}
      <p>
        {instance.hibernationDisabled
          ? 'It keeps running while idle, with its scheduled actions.'
          : after != null
            ? `Hibernated after ${after} minutes without a request; scheduled actions do not run meanwhile.`
            : 'The plan never hibernates it for idleness.'}
      </p>
      {canManage && (
        <div className="actions">
          <button type="button" disabled={!actions.hibernate || hibernating.loading} onClick={() => void hibernate({ variables: { id: instance.id } }).catch(ignore)}>
            Hibernate now
          </button>
          <label className="toggle">
            <input
              type="checkbox"
              checked={instance.hibernationDisabled}
              disabled={setting.loading}
              onChange={(event) => void setHibernation({ variables: { id: instance.id, disabled: event.target.checked } }).catch(ignore)}
            />{' '}
            Keep running while idle (never hibernate)
          </label>
        </div>
      )}
      <ErrorMessage error={hibernating.error ?? setting.error} />
    </>
  );
}
