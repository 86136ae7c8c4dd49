import type { Logger } from '@saas/logger';
import { engineMessage, JobError, pullError } from '../errors';
import { type Docker, isNotFound } from './engine';

interface PullProgress {
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Makes sure `image` is present, pulling it if not. The engine reports most pull failures
 * (unknown blob, registry gone mid-pull) inside a 200 response's progress stream, not as an
 * HTTP error: those fail the pull with the engine's own message, and a stream that stalls
 * is bounded by `timeoutMs`.
 */
export async function ensureImage(docker: Docker, image: string, timeoutMs: number, logger: Logger): Promise<'present' | 'pulled'> {
  try {
    await docker.getImage(image).inspect();
    return 'present';
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  logger.info({ image }, 'pulling image');
  let stream: NodeJS.ReadableStream;
  try {
    stream = (await docker.pull(image)) as NodeJS.ReadableStream;
  } catch (error) {
    throw pullError(`pulling ${image} failed: ${engineMessage(error)}`, error);
  }
  await followPull(docker, stream, image, timeoutMs);
  return 'pulled';
}

function followPull(docker: Docker, stream: NodeJS.ReadableStream, image: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        reject(error);
      } else resolve();
    };
    const timer = setTimeout(
      () => settle(new JobError('PULL_TIMEOUT', `pulling ${image} did not finish within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    const failure = (event: PullProgress) => {
      const message = event.errorDetail?.message ?? event.error;
      return message ? pullError(`pulling ${image} failed: ${message}`) : undefined;
    };
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: PullProgress[]) => {
        if (error) return settle(pullError(`pulling ${image} failed: ${engineMessage(error)}`, error));
        for (const event of output ?? []) {
          const failed = failure(event);
          if (failed) return settle(failed);
        }
        settle();
      },
      (event: PullProgress) => {
        const failed = failure(event);
        if (failed) settle(failed);
      },
    );
  });
}
