/**
 * How many sentences share one padded forward pass. On CPU a padded batch costs more than it
 * saves (bench/batching.ts: batch 16 runs at 0.59x, batch 4 at 0.95x the throughput of batch 1
 * on 2 cores), so CPU devices take small passes; GPUs take large ones.
 */
export function passMaxItems(device: string, configured: number): number {
  if (configured > 0) return configured;
  return device.startsWith('cuda') ? 64 : 4;
}
