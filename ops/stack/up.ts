// Starts the dev stack detached (survives this command), one process per service, and waits
// until every one is ready. Services already running (by PID file) are left alone. Each runs
// under a supervisor (ops/stack/supervise.ts) that restarts it when it crashes; the PID file
// holds the supervisor's PID, and `npm run down` stopping it stops the service.
import { operationsUrl, SERVICES, type ServiceName, serviceEnvironment, ServiceProcess } from '@saas/stack';
import { CADDY_LOG, CADDY_ROOT_CA, devEdge, runningCaddy, startCaddy } from './caddy';
import { devLayout, logFile } from './dev-stack';
import { runningPid, writePid } from './pid-files';

async function waitReady(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function main(): Promise<void> {
  const layout = devLayout();
  // The detailed /ready of each process is on its operations port (METRICS_PORT), not the public one.
  const readyUrl = (service: ServiceName) => operationsUrl(service, layout, '/ready');
  const rows: string[] = [];
  let failed = false;
  const edge = devEdge();
  const caddy = runningCaddy();
  if (caddy) rows.push(`  ✓ caddy     admin ${edge.adminUrl}  pid ${caddy} (already running)`);
  else rows.push(`  caddy       admin ${edge.adminUrl}  pid ${startCaddy(edge)}  log ${CADDY_LOG}`);
  for (const service of SERVICES) {
    const port = layout.ports[service.name];
    const existing = runningPid(service.name, service.entry);
    if (existing) {
      rows.push(`  ✓ ${service.name.padEnd(9)} :${port}  pid ${existing} (already running)`);
      continue;
    }
    const started = ServiceProcess.spawn({
      name: service.name,
      entry: service.entry,
      env: serviceEnvironment(service.name, layout),
      logFile: logFile(service.name),
      detached: true,
      // Restarted with back-off when it crashes, as compose's restart policy would.
      supervised: true,
    });
    writePid(service.name, started.pid);
    // The auth subgraph serves the keys everyone else verifies tokens with: start it first.
    if (service.name === 'auth' || service.name === 'gateway') {
      if (!(await waitReady(readyUrl(service.name), 60_000))) failed = true;
    }
    rows.push(`  ${service.name.padEnd(11)} :${port} (metrics :${layout.metricsPorts[service.name]})  pid ${started.pid}  log ${started.logFile}`);
  }
  const results = await Promise.all(
    SERVICES.map(async (service) => [service, await waitReady(readyUrl(service.name), 90_000)] as const),
  );
  for (const [service, ready] of results) {
    if (!ready) {
      failed = true;
      console.error(`  ✗ ${service.name} is not ready: see .run/logs/${service.name}.log`);
    }
  }
  console.log(rows.join('\n'));
  if (failed) {
    console.error('Some services did not become ready; `npm run down` stops the ones that started.');
    process.exit(1);
  }
  const gateway = `http://localhost:${layout.ports.gateway}`;
  console.log(`\n✓ odoo-saas is up.\n\n    ${gateway}/           the console (sign up, organizations, instances)`);
  console.log(`    ${gateway}/graphql    the API (HTTP + graphql-ws); in a browser, the offline GraphiQL\n`);
  const port = edge.httpsPort === 443 ? '' : `:${edge.httpsPort}`;
  console.log(`  Instances answer at https://<subdomain>.odoo.localhost${port} (Caddy, ports ${edge.httpPort}/${edge.httpsPort}).`);
  console.log(`  Caddy's local CA (trust it, or pass it to curl): ${CADDY_ROOT_CA}`);
  console.log(`    curl --cacert ${CADDY_ROOT_CA} https://<subdomain>.odoo.localhost${port}/web/health\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
