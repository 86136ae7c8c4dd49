import { Writable } from 'node:stream';
import { createLogger } from './index';
import { CENSOR, redactDeep } from './redact';

/** A logger writing into an array of parsed lines. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ service: 'redact-spec', level: 'debug', destination }), lines };
}

describe('log redaction', () => {
  it('censors sensitive keys at any depth, in objects and arrays, keeping everything else', () => {
    const input = {
      password: 'top-level-secret',
      a: { b: { password: 'nested-secret', keep: 1, c: { d: { accessToken: 'deep-token' } } } },
      list: [{ refreshToken: 'in-array' }, [{ secret: 'array-in-array' }], 'plain'],
      headers: { Authorization: 'Bearer header-token', 'content-type': 'application/json' },
      user: { newPassword: 'n', currentPassword: 'c', token: 't', name: 'Ada' },
      absent: { password: undefined },
    };
    expect(redactDeep(input)).toEqual({
      password: CENSOR,
      a: { b: { password: CENSOR, keep: 1, c: { d: { accessToken: CENSOR } } } },
      list: [{ refreshToken: CENSOR }, [{ secret: CENSOR }], 'plain'],
      headers: { Authorization: CENSOR, 'content-type': 'application/json' },
      user: { newPassword: CENSOR, currentPassword: CENSOR, token: CENSOR, name: 'Ada' },
      absent: { password: undefined },
    });
    // The caller's object is not modified.
    expect(input.a.b.password).toBe('nested-secret');
  });

  it('survives cycles and leaves non-plain objects to the serializers', () => {
    const cyclic: Record<string, unknown> = { token: 'x' };
    cyclic.self = cyclic;
    expect(redactDeep(cyclic)).toEqual({ token: CENSOR, self: '[circular]' });
    const when = new Date(0);
    expect(redactDeep({ when }).when).toBe(when);
  });

  it('no secret of a nested object, an array or a child binding reaches a log line', () => {
    const { logger, lines } = capturedLogger();
    logger.info({ a: { b: { password: 'pw-deep-1' } }, items: [{ accessToken: 'tok-in-array-2' }], ok: 'visible' }, 'event');
    logger.child({ request: { headers: { authorization: 'Bearer child-binding-3' } }, tenantId: 't-1' }).warn({ x: { y: { z: { secret: 'sec-4' } } } }, 'child event');
    const failure = Object.assign(new Error('request failed'), { config: { headers: { Authorization: 'Bearer err-field-6' } } });
    logger.error({ err: failure }, 'with an error');
    logger.child({ tenantId: 't-2' }).child({ job: { secret: 'grandchild-5' } }).info('grandchild event');
    const text = JSON.stringify(lines);
    for (const value of ['pw-deep-1', 'tok-in-array-2', 'child-binding-3', 'sec-4', 'grandchild-5', 'err-field-6']) expect(text).not.toContain(value);
    expect(lines[0]).toMatchObject({ service: 'redact-spec', msg: 'event', ok: 'visible', a: { b: { password: CENSOR } }, items: [{ accessToken: CENSOR }] });
    expect(lines[1]).toMatchObject({ tenantId: 't-1', request: { headers: { authorization: CENSOR } }, x: { y: { z: { secret: CENSOR } } } });
    expect(lines[2]).toMatchObject({ err: { type: 'Error', message: 'request failed', config: { headers: { Authorization: CENSOR } } } });
    expect(lines[3]).toMatchObject({ tenantId: 't-2', job: { secret: CENSOR }, msg: 'grandchild event' });
  });
});
