import { describe, expect, it } from 'vitest';
import { halfToFloat } from './float16';

describe(halfToFloat.name, () => {
  it('reads normal, subnormal and special half-precision values', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0x4500)).toBe(5);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.33325, 5);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x0000)).toBe(0);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});
