import { describe, expect, it } from 'vitest';
import { SegmentBatcher } from './segment-batcher';

describe(SegmentBatcher.name, () => {
  it('runs a full batch at once and the rest after the wait', async () => {
    const runs: number[][] = [];
    const sut = new SegmentBatcher<number, number>(3, 20, (items) => {
      runs.push(items);
      return Promise.resolve(items.map((i) => i * 10));
    });
    const results = await Promise.all([1, 2, 3, 4].map((i) => sut.submit(i)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(runs).toEqual([[1, 2, 3], [4]]);
    expect(sut.sizes).toEqual([3, 1]);
  });

  it('never runs two batches at once; what arrives meanwhile forms the next batch', async () => {
    let active = 0;
    let maxActive = 0;
    const runs: number[][] = [];
    const sut = new SegmentBatcher<number, number>(4, 5, async (items) => {
      active++;
      maxActive = Math.max(maxActive, active);
      runs.push(items);
      await new Promise((r) => setTimeout(r, 30));
      active--;
      return items;
    });
    const first = sut.submit(1);
    await new Promise((r) => setTimeout(r, 10));
    const rest = [2, 3, 4].map((i) => sut.submit(i));
    await Promise.all([first, ...rest]);
    expect(maxActive).toBe(1);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every item of a failed batch', async () => {
    const sut = new SegmentBatcher<number, number>(2, 1, () => Promise.reject(new Error('boom')));
    await expect(Promise.all([sut.submit(1), sut.submit(2)])).rejects.toThrow('boom');
  });
});
