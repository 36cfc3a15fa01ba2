import { startWorker, type AppProcess } from '../test/support/processes';

/**
 * A worker as deployed by default (onnxruntime's own thread choice), not as the tests start
 * one (a single intra-op thread, so several fit on two cores).
 */
export function startDeployedWorker(devices: string, env: Record<string, string> = {}): Promise<AppProcess> {
  return startWorker(devices, { CHORUS_INTRA_OP_THREADS: '0', ...env });
}
