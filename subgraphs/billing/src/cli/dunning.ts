// Chases unpaid invoices: past due -> subscription PAST_DUE; past due + grace -> tenant suspended.
//   npm run billing:dunning
//   npm run billing:dunning -- --now <ISO 8601>      as of another instant
import { parseNow, runCommand } from './cli-platform';

void runCommand(async ({ dunning }) => {
  const result = await dunning.run(parseNow(process.argv.slice(2)));
  return `${result.pastDue} subscription(s) now past due, ${result.suspended} tenant(s) suspended`;
});
