import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SessionSettings } from '@chorus/config';
import type { InferenceSession } from 'onnxruntime-node';

/** `cpu:N` runs on the CPU execution provider; `cuda:N` on CUDA device N. */
export function executionProvidersFor(device: string): InferenceSession.ExecutionProviderConfig[] {
  const [kind, id] = device.split(':');
  if (kind === 'cuda') return [{ name: 'cuda', deviceId: Number(id ?? 0) }];
  return ['cpu'];
}

/**
 * The CUDA execution provider's libraries that onnxruntime-node's install script adds
 * (`ONNXRUNTIME_NODE_INSTALL=cuda12`); the npm package alone ships only the CPU one.
 */
export const CUDA_PROVIDER_FILES = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'];

/** The CUDA provider files missing from this install (all of them where CUDA has no binaries). */
export function missingCudaProviderFiles(
  packageDir = dirname(require.resolve('onnxruntime-node/package.json')),
  platform = `${process.platform}/${process.arch}`,
): string[] {
  const bin = join(packageDir, 'bin', 'napi-v6', platform);
  return CUDA_PROVIDER_FILES.filter((f) => !existsSync(join(bin, f))).map((f) => join(bin, f));
}

/** onnxruntime's options for one device's session. */
export function ortSessionOptions(device: string, s: SessionSettings): InferenceSession.SessionOptions {
  return {
    executionProviders: executionProvidersFor(device),
    intraOpNumThreads: s.intraOpThreads,
    interOpNumThreads: s.interOpThreads,
    executionMode: s.executionMode,
    graphOptimizationLevel: s.graphOptimization,
    enableCpuMemArena: s.memArena,
    enableMemPattern: s.memPattern,
    // Session config entries (onnxruntime_session_options_config_keys.h); values are strings.
    extra: { session: { 'intra_op.allow_spinning': s.spinning ? '1' : '0' } },
  };
}
