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

  it.each([
    ['int8', 0.999],
    ['fp16', 0.98],
  ] as const)('%s sounds like float32 (correlation above %s where lengths agree)', async (p, floor) => {
    const sut = await synthesizer(p);
    const waves: Float32Array[] = [];
    for (const x of ids) waves.push(...(await sut.infer([x], ZERO)));
    const same = waves.map((w, i) => [w, reference[i]!] as const).filter(([w, r]) => w.length === r.length);
    expect(same.length).toBeGreaterThan(0);
    for (const [w, r] of same) expect(correlation(w, r)).toBeGreaterThan(floor);
  });
});
