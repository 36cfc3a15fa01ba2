import { describe, expect, it } from 'vitest';
import type { SegmentWork } from '@chorus/database';
import type { SpeechRuntime, SpeechSynthesizer } from '@chorus/speech';
import { SegmentSynthesizer, type PassObservation } from './segment-synthesizer';

/** Each sentence becomes one id sequence as long as its text; each id gives 10 samples. */
function fakeRuntime(passes: number[][]): SpeechRuntime {
  const synth = {
    sampleRate: 1000,
    prepare: (text: string) => [{ phonemes: text, ids: [...text].map(() => 1) }],
    infer: (seqs: number[][]) => {
      passes.push(seqs.map((s) => s.length));
      return Promise.resolve(seqs.map((s) => new Float32Array(s.length * 10).fill(0.1)));
    },
  } as unknown as SpeechSynthesizer;
  return { synthesizer: () => Promise.resolve(synth) } as unknown as SpeechRuntime;
}

function work(ordinal: number, sentences: string[]): SegmentWork {
  const text = sentences.join(' ');
  let at = 0;
  return {
    jobId: 'job',
    ordinal,
    text,
    charStart: 0,
    sentences: sentences.map((s) => {
      const span = { charStart: at, charEnd: at + s.length };
      at += s.length + 1;
      return span;
    }),
    heading: false,
    rate: 1,
    status: 'running',
    attempts: 1,
    jobStatus: 'running',
    jobOptions: {},
  };
}

describe(SegmentSynthesizer.name, () => {
  it('runs length-bucketed passes across segments and reports each pass', async () => {
    const passes: number[][] = [];
    const seen: PassObservation[] = [];
    const sut = new SegmentSynthesizer(fakeRuntime(passes), 4, 1.25, (p) => seen.push(p));
    const out = await sut.synthesize([
      { work: work(0, ['a'.repeat(40), 'b'.repeat(100)]), voice: 'v', speed: 1 },
      { work: work(1, ['c'.repeat(45), 'd'.repeat(48)]), voice: 'v', speed: 1 },
    ]);
    // 40, 45, 48 share a pass (within 1.25x of 40); 100 is on its own.
    expect(passes).toEqual([[40, 45, 48], [100]]);
    expect(seen.map((p) => p.items)).toEqual([3, 1]);
    expect(seen[0]!.audioSeconds).toBeCloseTo((40 + 45 + 48) / 100);
    expect(out.every((o) => !(o instanceof Error))).toBe(true);
  });
});
