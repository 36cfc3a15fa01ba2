import { describe, expect, it } from 'vitest';
import { pauseSamples } from './pauses';
import { assembleSegment, fadeEdges } from './segment-audio';

describe(assembleSegment.name, () => {
  const rate = 1000;
  const tone = (n: number) => Float32Array.from({ length: n }, () => 0.5);

  it('joins sentences with the sentence pause and reports their offsets', () => {
    const gap = pauseSamples('sentence', rate);
    const sut = assembleSegment([[tone(100)], [tone(50), tone(30)]], rate);
    expect(sut.samples.length).toBe(100 + gap + 80);
    expect(sut.sentences).toEqual([
      { start: 0, end: 100 },
      { start: 100 + gap, end: 100 + gap + 80 },
    ]);
    expect(Array.from(sut.samples.subarray(100, 100 + gap)).every((s) => s === 0)).toBe(true);
  });

  it('starts and ends every piece at zero, so joins cannot click', () => {
    const sut = assembleSegment([[tone(100), tone(100)]], rate);
    expect(sut.samples[0]).toBe(0);
    expect(sut.samples[99]).toBe(0);
    expect(sut.samples[100]).toBe(0);
    expect(sut.samples[50]).toBe(Math.trunc(0.5 * 32767));
  });

  it('stretches pauses with the length scale', () => {
    expect(pauseSamples('paragraph', 22050, 2)).toBe(2 * pauseSamples('paragraph', 22050, 1));
  });

  it('gives an unspeakable sentence no time and no extra pause', () => {
    const sut = assembleSegment([[tone(10)], [], [tone(10)]], rate);
    expect(sut.samples.length).toBe(20 + pauseSamples('sentence', rate));
    expect(sut.sentences[1]?.start).toBe(sut.sentences[1]?.end);
  });
});

describe(fadeEdges.name, () => {
  it('ramps both ends linearly', () => {
    const x = Float32Array.from([1, 1, 1, 1, 1, 1]);
    fadeEdges(x, 2);
    expect(Array.from(x)).toEqual([0, 0.5, 1, 1, 0.5, 0]);
  });
});
