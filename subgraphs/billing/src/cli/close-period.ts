// Closes a billing period: one invoice per tenant (idempotent: running it again issues nothing twice).
//   npm run billing:close-period                       the month that ended last
//   npm run billing:close-period -- 2026-05            a given month (it must have ended)
//   npm run billing:close-period -- 2026-05 --now <ISO 8601>   as of another instant
import { parsePeriod, periodContaining, previousPeriod } from '../domain/period';
import { parseNow, positional, runCommand } from './cli-platform';

const args = process.argv.slice(2);

void runCommand(async ({ issuer }) => {
  const now = parseNow(args);
  const [key] = positional(args);
  const period = key ? parsePeriod(key) : previousPeriod(periodContaining(now));
  const result = await issuer.closePeriod(period, now);
  return `period ${result.period}: ${result.issued} invoice(s) issued, ${result.skipped} tenant(s) skipped`;
});
