import type { ChorusConfig } from '@chorus/config';
import { missingCudaProviderFiles, verifyVoiceDirectory } from '@chorus/speech';

export interface PreflightChecks {
  verifyVoices: typeof verifyVoiceDirectory;
  missingCudaProviderFiles: () => string[];
}

const realChecks: PreflightChecks = { verifyVoices: verifyVoiceDirectory, missingCudaProviderFiles };

/** A reason the worker must not start, said once, before it connects to anything. */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
}

/**
 * What the worker's start script (`deploy/worker-entrypoint.sh`, the same in the images and
 * the local stack) checks before it execs the worker: the voices are the pinned ones, and a
 * CUDA device has onnxruntime's CUDA provider to run on. Returns what it found, to log.
 */
export async function preflight(
  config: ChorusConfig,
  checks: PreflightChecks = realChecks,
): Promise<string[]> {
  const { voicesDir, defaultVoice } = config.speech;
  const { verified, unpinned } = await checks.verifyVoices(voicesDir, [defaultVoice]);
  const found = [`voices in ${voicesDir}: ${verified.length} pinned file(s) match SHA256SUMS`];
  if (unpinned.length > 0)
    found.push(
      `not pinned, so jobs asking for them will fail: ${unpinned.join(', ')} (add them to SHA256SUMS)`,
    );

  const cuda = config.worker.devices.filter((d) => d.startsWith('cuda:'));
  if (cuda.length > 0) {
    const missing = checks.missingCudaProviderFiles();
    if (missing.length > 0)
      throw new PreflightError(
        `DEVICES asks for ${cuda.join(', ')} but onnxruntime-node has no CUDA provider here ` +
          `(missing ${missing.join(', ')}); use the CUDA worker image, or install with ONNXRUNTIME_NODE_INSTALL=cuda12`,
      );
    found.push(`CUDA execution provider present for ${cuda.join(', ')}`);
  }
  return found;
}
