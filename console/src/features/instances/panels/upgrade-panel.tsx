import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ConfirmButton } from '../../../ui/confirm-button';
import { ErrorMessage } from '../../../ui/error-message';
import { SelectField } from '../../../ui/field';
import { instanceActions } from '../instance-actions';
import { laterOdooVersions } from '../odoo-versions';
import { OperationProgress } from '../operation-progress';
import type { PanelProps } from './panel';
import { ODOO_VERSIONS, UPGRADE_INSTANCE } from './upgrade.documents';

/** Move the instance to a later Odoo series: backed up first, rolled back on any failure. */
export function UpgradePanel({ instance, canManage }: PanelProps) {
  const { data, error } = useQuery(ODOO_VERSIONS);
  const [upgrade, upgrading] = useMutation(UPGRADE_INSTANCE, { refetchQueries: ['InstancePage'] });
  const later = laterOdooVersions(instance.odooVersion, data?.odooVersions ?? []);
  const [chosen, setChosen] = useState('');
  const target = later.includes(chosen) ? chosen : (later[0] ?? '');
  const actions = instanceActions(instance.status, Boolean(instance.currentOperation), canManage);
  const current = instance.currentOperation?.type === 'UPGRADE' ? instance.currentOperation : undefined;
  const ignore = () => undefined;
  return (
    <>
      <p>Odoo {instance.odooVersion}.</p>
      {current && <OperationProgress operation={current} subject={instance.name} />}
      {data && later.length === 0 && <p>It is on the latest series offered.</p>}
      {canManage && later.length > 0 && (
        <div className="inline-form">
          <SelectField label="Upgrade to" value={target} options={later.map((version) => ({ value: version, label: `Odoo ${version}` }))} onValue={setChosen} />
          <ConfirmButton
            label="Upgrade"
            question={`Upgrade ${instance.name} from Odoo ${instance.odooVersion} to ${target}? It is backed up first and unavailable during the upgrade; a failure rolls it back.`}
            confirmLabel={`Upgrade to ${target}`}
            disabled={!actions.upgrade || upgrading.loading || !target}
            onConfirm={() =>
              upgrade({ variables: { input: { instanceId: instance.id, odooVersion: target, idempotencyKey: crypto.randomUUID() } } }).then(ignore, ignore)
            }
          />
        </div>
      )}
      {!canManage && <p>Members with the admin role upgrade instances.</p>}
      <ErrorMessage error={error ?? upgrading.error} />
    </>
  );
}
