import type { SessionSettings } from '@chorus/config';
import type { InferenceSession } from 'onnxruntime-node';

/** `cpu:N` runs on the CPU execution provider; `cuda:N` on CUDA device N. */
export function executionProvidersFor(device: string): InferenceSession.ExecutionProviderConfig[] {
  const [kind, id] = device.split(':');
  if (kind === 'cuda') return [{ name: 'cuda', deviceId: Number(id ?? 0) }];
  return ['cpu'];
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
