import { planPasses } from '@chorus/speech';

/**
 * How sentences are grouped into padded forward passes. Each plan is a list of passes, each
 * pass a list of indexes into the sentences (document order).
 */
export type Strategy = 'unsorted' | 'window-sorted' | 'bucketed' | 'sorted';

export const STRATEGIES: readonly Strategy[] = ['unsorted', 'window-sorted', 'bucketed', 'sorted'];

export interface PlanOptions {
  /** Items per pass at most. */
  size: number;
  /** Sentences the worker has in hand at once (one claim of segments), for window-sorted and bucketed. */
  window: number;
  /** bucketed: a pass never holds an item longer than its shortest times this. */
  ratio: number;
}

const chunks = (order: number[], size: number): number[][] => {
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out;
};

/**
 * unsorted: document order; window-sorted: sorted by length inside each window (one claim of
 * segments); bucketed: window-sorted, and a pass is closed early when the next item is more
 * than `ratio` times the pass's shortest (the worker's planner); sorted: the whole text sorted
 * (no streaming worker sees the whole text).
 */
export function plan(lengths: readonly number[], strategy: Strategy, opts: PlanOptions): number[][] {
  const all = lengths.map((_, i) => i);
  const byLength = (a: number, b: number) => (lengths[a] ?? 0) - (lengths[b] ?? 0);
  switch (strategy) {
    case 'unsorted':
      return chunks(all, opts.size);
    case 'sorted':
      return chunks([...all].sort(byLength), opts.size);
    case 'window-sorted':
      return chunks(all, opts.window).flatMap((w) => chunks(w.sort(byLength), opts.size));
    case 'bucketed':
      // The worker's own planner, on each claim's sentences.
      return chunks(all, opts.window).flatMap((w) =>
        planPasses(w, (i) => lengths[i] ?? 0, opts.size, opts.ratio),
      );
  }
}

/** Share of a plan's padded work that is padding: 1 − real / (pass size × longest item), summed. */
export function paddingWaste(passes: readonly number[][], work: readonly number[]): number {
  let real = 0;
  let padded = 0;
  for (const pass of passes) {
    const sizes = pass.map((i) => work[i] ?? 0);
    real += sizes.reduce((a, b) => a + b, 0);
    padded += pass.length * Math.max(...sizes);
  }
  return padded === 0 ? 0 : 1 - real / padded;
}
