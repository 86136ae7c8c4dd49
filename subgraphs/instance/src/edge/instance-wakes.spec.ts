import { ConflictError } from '@saas/errors';
import { InstanceWakes, type WakeBackend, WakeFailure, type WakeState } from './instance-wakes';

/** An instance whose START the test drives: `starts` counts the STARTs queued. */
class FakeBackend implements WakeBackend {
  starts = 0;
  operationStatus = 'QUEUED';
  operationError: string | null = null;
  constructor(public current: WakeState | null) {}

  async state(): Promise<WakeState | null> {
    return this.current ? { ...this.current } : null;
  }

  async queueStart(): Promise<{ operationId: string }> {
    if (this.current?.status !== 'HIBERNATED') throw new ConflictError('one operation at a time');
    this.starts += 1;
    this.current = { ...this.current, status: 'STARTING' };
    return { operationId: 'op-1' };
  }

  async operation(): Promise<{ status: string; error: string | null }> {
    return { status: this.operationStatus, error: this.operationError };
  }

  running(): void {
    this.current = { status: 'RUNNING', directUrl: 'http://127.0.0.1:32768', statusMessage: 'Instance is running', suspendedByBilling: false };
  }
}

const hibernated: WakeState = { status: 'HIBERNATED', directUrl: 'http://127.0.0.1:32760', statusMessage: null, suspendedByBilling: false };
const timings = { timeoutMs: 2_000, pollMs: 10 };
const until = (condition: () => boolean) =>
  new Promise<void>((resolve) => {
    const check = () => (condition() ? resolve() : setTimeout(check, 5));
    check();
  });

describe('InstanceWakes', () => {
  it('concurrent requests of a hibernated instance queue one START and all get its new upstream once RUNNING', async () => {
    const backend = new FakeBackend(hibernated);
    const wakes = new InstanceWakes(backend, timings);
    const waiting = Array.from({ length: 20 }, () => wakes.wake('i'));
    await until(() => backend.starts === 1);
    expect(wakes.waking).toBe(1);
    backend.running();
    expect(await Promise.all(waiting)).toEqual(Array.from({ length: 20 }, () => 'http://127.0.0.1:32768'));
    expect(backend.starts).toBe(1);
    expect(wakes.waking).toBe(0);
  });

  it('a START already in flight is waited for, not queued again', async () => {
    const backend = new FakeBackend({ ...hibernated, status: 'STARTING' });
    const wake = new InstanceWakes(backend, timings).wake('i');
    setTimeout(() => backend.running(), 30);
    await expect(wake).resolves.toBe('http://127.0.0.1:32768');
    expect(backend.starts).toBe(0);
  });

  it('a START that fails: every waiting request gets the reason', async () => {
    const backend = new FakeBackend(hibernated);
    const wakes = new InstanceWakes(backend, timings);
    const waiting = [wakes.wake('i'), wakes.wake('i')];
    await until(() => backend.starts === 1);
    backend.operationStatus = 'FAILED';
    backend.operationError = 'Odoo did not answer /web/health within 180 s';
    for (const wake of waiting) await expect(wake).rejects.toThrow('The instance did not start: Odoo did not answer /web/health within 180 s');
  });

  it('the instance FAILED: the reason is its status message', async () => {
    const backend = new FakeBackend(hibernated);
    const wake = new InstanceWakes(backend, timings).wake('i');
    await until(() => backend.starts === 1);
    backend.current = { ...hibernated, status: 'FAILED', statusMessage: 'The container exited with code 1' };
    await expect(wake).rejects.toMatchObject({ status: 'FAILED', message: expect.stringContaining('The container exited with code 1') });
  });

  it('a wake that takes longer than the timeout answers with it; the next request tries again', async () => {
    const backend = new FakeBackend(hibernated);
    const outcomes: Array<{ queued: boolean; error?: string }> = [];
    const wakes = new InstanceWakes(backend, { timeoutMs: 50, pollMs: 10 }, (_id, outcome) => outcomes.push(outcome));
    await expect(wakes.wake('i')).rejects.toThrow(/did not become healthy within 0 s; it is STARTING/);
    expect(outcomes).toEqual([expect.objectContaining({ queued: true, error: expect.stringContaining('did not become healthy') })]);
    backend.running();
    await expect(wakes.wake('i')).resolves.toBe('http://127.0.0.1:32768');
  });

  it('no instance is a 404; a suspended or stopped one is not woken', async () => {
    await expect(new InstanceWakes(new FakeBackend(null), timings).wake('i')).rejects.toMatchObject({ httpStatus: 404 });
    const suspended = new FakeBackend({ ...hibernated, suspendedByBilling: true });
    await expect(new InstanceWakes(suspended, timings).wake('i')).rejects.toThrow(/suspended/);
    expect(suspended.starts).toBe(0);
    const stopped = new FakeBackend({ ...hibernated, status: 'STOPPED' });
    await expect(new InstanceWakes(stopped, timings).wake('i')).rejects.toEqual(new WakeFailure('The instance is STOPPED.', 'STOPPED'));
  });
});
