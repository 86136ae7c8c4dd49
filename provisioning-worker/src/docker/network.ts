import { type Docker, isConflict, isNotFound } from './engine';

/** The bridge network Odoo containers share; created once, then adopted. */
export async function ensureNetwork(docker: Docker, name: string, labels: Record<string, string>): Promise<void> {
  try {
    await docker.getNetwork(name).inspect();
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    await docker.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels });
  } catch (error) {
    // Another worker created it in the meantime.
    if (!isConflict(error)) throw error;
  }
}
