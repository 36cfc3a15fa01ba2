import type { InferenceSession } from 'onnxruntime-node';

/** `cpu:N` runs on the CPU execution provider; `cuda:N` on CUDA device N. */
export function executionProvidersFor(device: string): InferenceSession.ExecutionProviderConfig[] {
  const [kind, id] = device.split(':');
  if (kind === 'cuda') return [{ name: 'cuda', deviceId: Number(id ?? 0) }];
  return ['cpu'];
}
