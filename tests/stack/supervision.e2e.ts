import { readFileSync } from 'node:fs';
import { TestStack } from '@saas/testing';

/** The service process a supervisor runs (its one child). */
function childOf(supervisorPid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${supervisorPid}/task/${supervisorPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.length > 0 ? Number(children[0]) : undefined;
  } catch {
    return undefined;
  }
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const healthy = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) })
    .then((response) => (response.ok ? true : undefined))
    .catch(() => undefined);

// `npm run up` starts every service under ops/stack/supervise.ts; this stack starts them the same way.
describe('dev stack supervision', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ services: ['auth', 'user'], supervised: true });
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  it.each(['auth', 'user'] as const)('restarts the %s subgraph after kill -9, and /health answers again', async (service) => {
    const supervisor = stack.process(service).pid;
    const first = await until(() => childOf(supervisor));
    process.kill(first, 'SIGKILL');
    const second = await until(() => {
      const child = childOf(supervisor);
      return child !== undefined && child !== first ? child : undefined;
    });
    expect(second).not.toBe(first);
    expect(await until(() => healthy(stack.url(service, '/health')))).toBe(true);
    expect(await until(() => healthy(stack.metricsUrl(service, '/ready')))).toBe(true);
    expect(stack.process(service).output()).toMatch(new RegExp(`\\[supervisor\\] ${service} exited \\(SIGKILL\\)`));
  });

  it('stops the service with its supervisor (npm run down)', async () => {
    const supervisor = stack.process('user').pid;
    const child = await until(() => childOf(supervisor));
    await stack.process('user').stop();
    await until(() => {
      try {
        process.kill(child, 0);
        return undefined;
      } catch {
        return true;
      }
    }, 30_000);
  });
});
