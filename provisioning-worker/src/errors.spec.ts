import { classifyError, engineMessage, JobError, pullError } from './errors';

describe('error classification', () => {
  it('keeps job errors as they are', () => {
    expect(classifyError(new JobError('BACKUP_CORRUPT', 'damaged'))).toEqual({ code: 'BACKUP_CORRUPT', permanent: true, message: 'damaged' });
    expect(classifyError(new JobError('HEALTH_TIMEOUT', 'slow'))).toMatchObject({ permanent: false });
  });

  it("reports the engine's own message for Docker errors, and retries them", () => {
    const error = Object.assign(new Error('(HTTP code 500) server error - driver failed'), { statusCode: 500, json: { message: 'driver failed' } });
    expect(classifyError(error)).toEqual({ code: 'ENGINE', permanent: false, message: 'Docker Engine: driver failed' });
    expect(engineMessage(Object.assign(new Error('(HTTP code 404) no such container - No such container: x'), { statusCode: 404, json: null }))).toBe(
      'No such container: x',
    );
  });

  it('recognises PostgreSQL errors by their SQLSTATE', () => {
    const error = Object.assign(new Error('too many connections'), { code: '53300' });
    expect(classifyError(error)).toEqual({ code: 'DATABASE', permanent: false, message: 'Odoo database server: too many connections' });
  });

  it('retries anything unknown', () => {
    expect(classifyError(new Error('ECONNRESET'))).toEqual({ code: 'INTERNAL', permanent: false, message: 'ECONNRESET' });
  });

  it('fails at once when the image does not exist or may not be pulled', () => {
    for (const message of [
      'pull access denied for nope, repository does not exist or may require \'docker login\'',
      'manifest unknown',
      'manifest for odoo:99.0 not found: manifest unknown: manifest unknown',
    ]) {
      expect(pullError(message)).toMatchObject({ code: 'IMAGE_NOT_FOUND', permanent: true });
    }
    expect(pullError('error pulling image configuration: download failed after attempts=1: unknown blob')).toMatchObject({
      code: 'PULL_FAILED',
      permanent: false,
    });
  });
});
