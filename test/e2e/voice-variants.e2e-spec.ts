import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSessionRules } from '@chorus/config';
import { correlation, SpeechRuntime, type SpeechSynthesizer } from '@chorus/speech';
import { config, fixture, VOICE } from '../support/stack';

const ZERO = { noiseScale: 0, noiseW: 0 };

/** The variants `npm run stack -- up` makes (tools/precision) against the voice itself. */
describe('precision variants of the real voice', () => {
  const runtimes: SpeechRuntime[] = [];
  let ids: number[][];
  let reference: Float32Array[];

  const synthesizer = async (precision: string): Promise<SpeechSynthesizer> => {
    const runtime = new SpeechRuntime({
      ...config.speech,
      sessionRules: parseSessionRules(`cpu=precision:${precision}`),
    });
    runtimes.push(runtime);
    return runtime.synthesizer(VOICE);
  };

  beforeAll(async () => {
    const fp32 = await synthesizer('fp32');
    ids = fp32.prepare(fixture('paragraph.txt')).map((s) => s.ids);
    reference = [];
    for (const x of ids) reference.push(...(await fp32.infer([x], ZERO)));
  });
  afterAll(async () => {
    for (const r of runtimes) await r.close();
  });

  it.each(['int8', 'fp16'])(
    '%s keeps the duration output: a padded pass is cut to each sentence',
    async (p) => {
      const sut = await synthesizer(p);
      const batched = await sut.infer(ids, ZERO);
      const single: Float32Array[] = [];
      for (const x of ids) single.push(...(await sut.infer([x], ZERO)));
      expect(batched.map((w) => w.length)).toEqual(single.map((w) => w.length));
    },
  );

  it('int8 sounds like float32: the same lengths, correlation above 0.999', async () => {
    const sut = await synthesizer('int8');
    for (const [i, x] of ids.entries()) {
      const [w] = await sut.infer([x], ZERO);
      expect(w!.length).toBe(reference[i]!.length);
      expect(correlation(w!, reference[i]!)).toBeGreaterThan(0.999);
    }
  });

  // float16 rounds a phoneme's duration a frame up or down now and then, which shifts the rest
  // of its sentence: the total stays within 2 % and most sentences correlate closely.
  it('fp16 sounds like float32: total length within 2 %, most sentences above 0.98', async () => {
    const sut = await synthesizer('fp16');
    const waves: Float32Array[] = [];
    for (const x of ids) waves.push(...(await sut.infer([x], ZERO)));
    const total = (xs: Float32Array[]) => xs.reduce((n, w) => n + w.length, 0);
    expect(Math.abs(total(waves) / total(reference) - 1)).toBeLessThan(0.02);
    const close = waves.filter((w, i) => correlation(w, reference[i]!) > 0.98).length;
    expect(close).toBeGreaterThanOrEqual(Math.ceil(waves.length / 2));
  });
});
