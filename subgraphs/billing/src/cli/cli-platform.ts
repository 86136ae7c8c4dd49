import type { EntityManager } from '@mikro-orm/postgresql';
import { initOrm, type Orm } from '@saas/db';
import { createLogger } from '@saas/logger';
import { environment } from '../environment';
import { entities, migrations } from '../mikro-orm.config';
import { type BillingFoundation, platformServices } from '../services/billing-services';
import { billingSettingsFrom } from '../services/billing-settings';
import { ManualPaymentProvider } from '../services/payment-provider';

export type PlatformServices = ReturnType<typeof platformServices>;

/** `--now <ISO 8601>` (run as of that instant), else the system clock. */
export function parseNow(args: readonly string[]): Date {
  const index = args.indexOf('--now');
  if (index < 0) return new Date();
  const value = args[index + 1];
  const now = new Date(value ?? '');
  if (!value || Number.isNaN(now.getTime())) throw new Error(`--now needs an ISO 8601 instant, got ${value ?? 'nothing'}`);
  return now;
}

/** Arguments that are not options (nor their values). */
export function positional(args: readonly string[]): string[] {
  return args.filter((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--now');
}

/**
 * Runs an operator command against the billing database named by the service's own
 * environment (DATABASE_URL ...). Messages it writes to the outbox are published by the
 * running billing service's relay (it polls), so the CLI needs no broker. Prints the
 * result, or the error and exit status 1.
 */
export async function runCommand(work: (services: PlatformServices) => Promise<string>): Promise<void> {
  const logger = createLogger({ service: 'billing-cli', level: 'warn' });
  let orm: Orm | undefined;
  try {
    orm = await initOrm({ clientUrl: environment.DATABASE_URL, entities, migrations, logger, poolMax: 2 });
    const foundation: BillingFoundation = {
      settings: billingSettingsFrom(environment),
      provider: new ManualPaymentProvider(),
      clock: () => new Date(),
      logger,
      afterCommit: () => undefined,
    };
    console.log(await work(platformServices(orm.em.fork() as EntityManager, foundation)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  } finally {
    await orm?.close();
  }
}
