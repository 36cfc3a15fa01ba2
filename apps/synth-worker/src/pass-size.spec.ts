import { describe, expect, it } from 'vitest';
import { passMaxItems } from './pass-size';

describe(passMaxItems.name, () => {
  it('takes small passes on CPU, large ones on CUDA, unless configured', () => {
    expect(passMaxItems('cpu:0', 0)).toBe(4);
    expect(passMaxItems('cuda:1', 0)).toBe(64);
    expect(passMaxItems('cpu:0', 16)).toBe(16);
  });
});
