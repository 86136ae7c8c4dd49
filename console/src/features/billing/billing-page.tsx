import { useMutation, useQuery } from '@apollo/client/react';
import { useParams } from 'react-router';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorMessage } from '../../ui/error-message';
import { StatusBadge } from '../../ui/status-badge';
import { BILLING, INVOICES, SUBSCRIBE_TENANT } from './billing.documents';
import { formatMoney } from './money';

const day = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString() : '');

export function BillingPage() {
  const { tenantId = '' } = useParams();
  const { data, error } = useQuery(BILLING, { variables: { tenantId } });
  const [subscribe, subscribing] = useMutation(SUBSCRIBE_TENANT, { refetchQueries: ['Billing', 'CreateInstanceOptions'] });
  const tenant = data?.tenant;
  const subscription = tenant?.subscription;
  const canManage = tenant?.viewerRole === 'OWNER' || tenant?.viewerRole === 'ADMIN';
  return (
    <main>
      <h1>Billing</h1>
      <ErrorMessage error={error ?? subscribing.error} />
      {subscription && (
        <section aria-labelledby="subscription" className="panel">
          <h2 id="subscription">Subscription</h2>
          <p>
            Plan <strong>{subscription.plan.name}</strong> <StatusBadge status={subscription.status} />
          </p>
          <p>
            Current period {day(subscription.currentPeriodStart)} – {day(subscription.currentPeriodEnd)}
            {subscription.trialEndsAt && <> · trial ends {day(subscription.trialEndsAt)}</>}
            {subscription.suspendedAt && <> · suspended since {day(subscription.suspendedAt)}: pay the open invoice to resume</>}
          </p>
        </section>
      )}
      {tenant && (
        <section aria-labelledby="usage" className="panel">
          <h2 id="usage">Usage in {tenant.usage.period}</h2>
          <p>{tenant.usage.instanceHours} instance-hours</p>
          <ul>
            {tenant.usage.instances.map((row) => (
              <li key={row.instance.id}>
                {row.instance.name}: {Math.ceil(row.seconds / 3600)} h
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="plans" className="panel">
        <h2 id="plans">Plans</h2>
        <ul className="cards plans">
          {data?.plans.map((plan) => {
            const current = subscription?.plan.code === plan.code;
            return (
              <li key={plan.code} className={current ? 'card current' : 'card'}>
                <h3>{plan.name}</h3>
                <p className="price">
                  {formatMoney(plan.priceCents, plan.currency)} / {plan.interval.toLowerCase()}
                </p>
                <p>
                  {plan.maxInstances} instance{plan.maxInstances === 1 ? '' : 's'}, {plan.cpuMillicores / 1000} CPU, {plan.memoryMb} MiB, {plan.storageGb} GiB each;
                  Odoo {plan.allowedOdooVersions.join(', ')}; backups kept {plan.backupRetentionDays} days
                  {plan.trialDays > 0 && `; ${plan.trialDays}-day trial`}
                </p>
                {current ? (
                  <p>
                    <strong>Your plan</strong>
                  </p>
                ) : (
                  canManage && (
                    <ConfirmButton
                      label={`Choose ${plan.name}`}
                      question={`Move to ${plan.name}? The change is prorated from today.`}
                      confirmLabel={`Move to ${plan.name}`}
                      disabled={subscribing.loading}
                      onConfirm={() => subscribe({ variables: { tenantId, planCode: plan.code } }).then(() => undefined, () => undefined)}
                    />
                  )
                )}
              </li>
            );
          })}
        </ul>
      </section>
      {canManage && <Invoices tenantId={tenantId} />}
    </main>
  );
}

function Invoices({ tenantId }: { tenantId: string }) {
  const { data, error } = useQuery(INVOICES, { variables: { tenantId } });
  const invoices = data?.tenant?.invoices.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="invoices" className="panel">
      <h2 id="invoices">Invoices</h2>
      <ErrorMessage error={error} />
      {invoices.length === 0 ? (
        <p>No invoices yet: the first one is issued when the current period closes.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Period</th>
              <th scope="col">Total</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((invoice) => (
              <tr key={invoice.id}>
                <td>{invoice.number}</td>
                <td>
                  {day(invoice.periodStart)} – {day(invoice.periodEnd)}
                </td>
                <td>{formatMoney(invoice.totalCents, invoice.currency)}</td>
                <td>
                  <StatusBadge status={invoice.status} /> {invoice.dueAt && invoice.status === 'OPEN' && <small>due {day(invoice.dueAt)}</small>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
