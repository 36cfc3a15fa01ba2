/**
 * How many sentences share one padded forward pass, by device. On CPU a padded pass costs
 * more than it saves (bench/bare-model.ts: there is no idle parallel hardware for the extra
 * rows to fill, and the padding is work), so CPU devices run one sentence per pass; GPUs take
 * large passes.
 */
export function passMaxItems(device: string, configured: number): number {
  if (configured > 0) return configured;
  return device.startsWith('cuda') ? 64 : 1;
}

/**
 * A pass never holds an item more than this many times longer (in phoneme ids) than its
 * shortest: length bucketing. Measured on the fixed text (docs/benchmarks.md, claims of 24
 * sentences), it keeps the padded frames of a pass of 16 at 8 % where sorting alone leaves
 * 38 %, and on CPU a pass size of 16 ran at 0.56 of one sentence per pass instead of 0.35.
 */
export const PASS_LENGTH_RATIO = 1.25;

/**
 * The length ratio a device's passes keep to. CUDA keeps plain length-sorted passes until
 * bucketing is measured on a GPU (more, smaller passes trade padding for launches there).
 */
export function passLengthRatio(device: string): number {
  return device.startsWith('cuda') ? Infinity : PASS_LENGTH_RATIO;
}

/**
 * Cuts items into forward passes: sorted by length, at most `maxItems` a pass, and a new pass
 * begins where the next item is more than `ratio` times the pass's shortest.
 */
export function planPasses<T>(
  items: readonly T[],
  length: (item: T) => number,
  maxItems: number,
  ratio = PASS_LENGTH_RATIO,
): T[][] {
  const passes: T[][] = [];
  let shortest = 0;
  for (const item of [...items].sort((a, b) => length(a) - length(b))) {
    const pass = passes.at(-1);
    if (pass && pass.length < maxItems && length(item) <= shortest * ratio) {
      pass.push(item);
    } else {
      passes.push([item]);
      shortest = length(item);
    }
  }
  return passes;
}
