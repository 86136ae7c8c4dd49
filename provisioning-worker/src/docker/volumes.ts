import { type Docker, isConflict, isNotFound } from './engine';

/** Creates the named volume, or adopts it when it exists (creating is idempotent in Docker). */
export async function ensureVolume(docker: Docker, name: string, labels: Record<string, string>): Promise<void> {
  try {
    await docker.getVolume(name).inspect();
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await docker.createVolume({ Name: name, Labels: labels });
}

export async function removeVolume(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getVolume(name).remove();
  } catch (error) {
    if (isNotFound(error)) return;
    // In use: a container that is being removed still holds it for a moment.
    if (isConflict(error)) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await docker
        .getVolume(name)
        .remove()
        .catch((again: unknown) => {
          if (!isNotFound(again)) throw again;
        });
      return;
    }
    throw error;
  }
}
