import { describe, expect, it } from 'vitest';
import { passLengthRatio, passMaxItems, planPasses } from './pass-plan';

describe(passMaxItems.name, () => {
  it('runs one sentence per pass on CPU, large passes on CUDA, unless configured', () => {
    expect(passMaxItems('cpu:0', 0)).toBe(1);
    expect(passMaxItems('cuda:1', 0)).toBe(64);
    expect(passMaxItems('cpu:0', 16)).toBe(16);
  });
});

describe(planPasses.name, () => {
  const len = (n: number) => n;

  it('sorts by length and fills passes up to the size', () => {
    expect(planPasses([10, 11, 12, 10, 11], len, 2, Infinity)).toEqual([[10, 10], [11, 11], [12]]);
  });

  it('starts a new pass where an item is more than the ratio longer than the pass shortest', () => {
    expect(planPasses([100, 40, 45, 50, 51, 60], len, 8, 1.25)).toEqual([[40, 45, 50], [51, 60], [100]]);
  });

  it('gives one item per pass with size 1', () => {
    expect(planPasses([3, 1, 2], len, 1)).toEqual([[1], [2], [3]]);
  });
});

describe(passLengthRatio.name, () => {
  it('buckets by length on CPU and keeps plain sorted passes on CUDA', () => {
    expect(passLengthRatio('cpu:0')).toBe(1.25);
    expect(passLengthRatio('cuda:0')).toBe(Infinity);
  });
});
