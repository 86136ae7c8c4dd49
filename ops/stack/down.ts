// `npm run down`: stops the processes `npm run up` started (by their PID files), nothing else.
import { SERVICES } from '@saas/stack';
import { forgetCaddy, runningCaddy } from './caddy';
import { removePid, runningPid } from './pid-files';

async function stop(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(pid, 'SIGKILL');
}

async function main(): Promise<void> {
  // Gateway first, so clients stop arriving before the subgraphs go.
  const order = [...SERVICES].reverse();
  for (const service of order) {
    const pid = runningPid(service.name, service.entry);
    if (pid) {
      await stop(pid);
      console.log(`  ✓ stopped ${service.name} (pid ${pid})`);
    }
    removePid(service.name);
  }
  const caddy = runningCaddy();
  if (caddy) {
    await stop(caddy);
    console.log(`  ✓ stopped caddy (pid ${caddy})`);
  }
  forgetCaddy();
  console.log('✓ odoo-saas is down (PostgreSQL, Redis, RabbitMQ and Docker are left running)');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
