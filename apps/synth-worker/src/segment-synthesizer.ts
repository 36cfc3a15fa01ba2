import { DomainError, ERROR_CODES, splitMarkup, type JobPriority } from '@chorus/contracts';
import type { SegmentWork } from '@chorus/database';
import {
  assembleSegment,
  Lexicon,
  PASS_LENGTH_RATIO,
  planPasses,
  type LexiconEntry,
  type SegmentAudio,
  type SpeechRuntime,
  type SpeechSynthesizer,
  type TextOptions,
} from '@chorus/speech';
import { PassGate } from './pass-gate';

export interface SynthesisItem {
  work: SegmentWork;
  voice: string;
  speed: number;
}

export interface SynthesizedSegment {
  audio: SegmentAudio;
  sampleRate: number;
}

/** One forward pass, as the metrics see it. */
export interface PassObservation {
  items: number;
  /** Wall time of the forward pass. */
  seconds: number;
  /** Audio it produced. */
  audioSeconds: number;
}

/** Text the model has nothing to say for: silence, not an error. */
const SILENT = new Set<string>([ERROR_CODES.TEXT_EMPTY, ERROR_CODES.TEXT_UNSPEAKABLE]);

/** The sentences of a segment, as the API cut them (spans are document offsets). */
export function sentenceTexts(work: SegmentWork): string[] {
  if (work.sentences.length === 0) return [work.text];
  return work.sentences.map((s) => work.text.slice(s.charStart - work.charStart, s.charEnd - work.charStart));
}

/**
 * Synthesizes a batch of segments on one device: every sentence of every segment that shares
 * a voice and speed goes into one padded forward pass, then each segment's audio is put back
 * together. A pass that fails is retried segment by segment, so one bad segment fails alone.
 */
export class SegmentSynthesizer {
  /** Each job's own lexicon, parsed once (a few jobs are in flight at a time). */
  private readonly lexicons = new Map<string, Lexicon>();

  constructor(
    private readonly runtime: SpeechRuntime,
    private readonly maxItemsPerPass = 64,
    /** Length bucketing: see planPasses. */
    private readonly lengthRatio = PASS_LENGTH_RATIO,
    /** Told about every forward pass (metrics). */
    private readonly onPass: (pass: PassObservation) => void = () => {},
    /** The device's gate, shared by its lanes: one pass at a time, interactive first. */
    private readonly gate = new PassGate(),
    /** The lane whose segments this synthesizer serves. */
    private readonly lane: JobPriority = 'batch',
  ) {}

  private lexiconOf(work: SegmentWork): Lexicon | undefined {
    const entries = work.jobOptions.lexicon as LexiconEntry[] | undefined;
    if (!entries?.length) return undefined;
    let lexicon = this.lexicons.get(work.jobId);
    if (!lexicon) {
      lexicon = Lexicon.from(entries);
      if (this.lexicons.size >= 100) this.lexicons.delete(this.lexicons.keys().next().value as string);
      this.lexicons.set(work.jobId, lexicon);
    }
    return lexicon;
  }

  async synthesize(items: SynthesisItem[]): Promise<(SynthesizedSegment | Error)[]> {
    const out: (SynthesizedSegment | Error)[] = new Array<SynthesizedSegment | Error>(items.length);
    const groups = new Map<string, number[]>();
    items.forEach((it, i) => {
      const key = `${it.voice}\u0000${it.speed}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    for (const indexes of groups.values()) {
      const first = items[indexes[0]!]!;
      let synth: SpeechSynthesizer;
      try {
        synth = await this.runtime.synthesizer(first.voice);
      } catch (err) {
        for (const i of indexes) out[i] = err as Error;
        continue;
      }
      await this.synthesizeGroup(synth, indexes, items, out);
    }
    return out;
  }

  private async synthesizeGroup(
    synth: SpeechSynthesizer,
    indexes: number[],
    items: SynthesisItem[],
    out: (SynthesizedSegment | Error)[],
  ): Promise<void> {
    // plans[i][s] = the units of sentence s of item i: id sequences to infer, or pauses
    const plans = new Map<number, Unit[][]>();
    for (const i of indexes) {
      try {
        const { work, speed } = items[i]!;
        const opts = { lexicon: this.lexiconOf(work), heading: work.heading };
        let rate = work.rate;
        plans.set(
          i,
          sentenceTexts(work).map((text) => {
            const planned = units(synth, text, opts, rate, speed);
            rate = planned.finalRate;
            return planned.units;
          }),
        );
      } catch (err) {
        out[i] = err as Error;
      }
    }
    const ready = indexes.filter((i) => plans.has(i));
    const voiced = (i: number) =>
      plans
        .get(i)!
        .flat()
        .filter((u): u is Voiced => 'ids' in u);
    const fill = (i: number, waves: Map<Voiced, Float32Array>) =>
      this.assemble(
        synth,
        plans
          .get(i)!
          .map((sentence) => sentence.map((u) => ('ids' in u ? waves.get(u)! : new Float32Array(u.silence)))),
        items[i]!.speed,
      );
    try {
      const waves = await this.infer(synth, ready.flatMap(voiced));
      for (const i of ready) out[i] = fill(i, waves);
    } catch {
      for (const i of ready) {
        try {
          out[i] = fill(i, await this.infer(synth, voiced(i)));
        } catch (err) {
          out[i] = err as Error;
        }
      }
    }
  }

  /**
   * Padded forward passes, one speed each (the model takes one length scale per pass); similar
   * lengths share a pass (length buckets), so little of it is padding.
   */
  private async infer(synth: SpeechSynthesizer, units: Voiced[]): Promise<Map<Voiced, Float32Array>> {
    const bySpeed = new Map<number, Voiced[]>();
    for (const u of units) bySpeed.set(u.speed, [...(bySpeed.get(u.speed) ?? []), u]);
    const waves = new Map<Voiced, Float32Array>();
    for (const [speed, group] of bySpeed) {
      for (const pass of planPasses(group, (u) => u.ids.length, this.maxItemsPerPass, this.lengthRatio)) {
        const { out, seconds } = await this.gate.run(this.lane, async () => {
          const started = performance.now();
          const out = await synth.infer(
            pass.map((u) => u.ids),
            { lengthScale: speed },
          );
          return { out, seconds: (performance.now() - started) / 1000 };
        });
        const samples = out.reduce((n, w) => n + w.length, 0);
        this.onPass({ items: pass.length, seconds, audioSeconds: samples / synth.sampleRate });
        pass.forEach((u, k) => waves.set(u, out[k]!));
      }
    }
    return waves;
  }

  private assemble(synth: SpeechSynthesizer, pieces: Float32Array[][], speed: number): SynthesizedSegment {
    return { audio: assembleSegment(pieces, synth.sampleRate, speed), sampleRate: synth.sampleRate };
  }
}

/** What a sentence becomes: id sequences for the model at a speed, and explicit pauses (SSML). */
interface Voiced {
  ids: number[];
  /** Length scale: the job's speed over the SSML rate in effect. */
  speed: number;
}
type Unit = Voiced | { silence: number };

function units(
  synth: SpeechSynthesizer,
  sentence: string,
  opts: TextOptions,
  rate: number,
  speed: number,
): { units: Unit[]; finalRate: number } {
  const { parts, finalRate } = splitMarkup(sentence, rate);
  const planned = parts.flatMap((part): Unit[] =>
    'pauseMs' in part
      ? [{ silence: Math.round((part.pauseMs * synth.sampleRate) / 1000) }]
      : prepare(synth, part.text, opts).map((ids) => ({ ids, speed: speed / part.rate })),
  );
  return { units: planned, finalRate };
}

function prepare(synth: SpeechSynthesizer, text: string, opts: TextOptions): number[][] {
  try {
    return synth.prepare(text, opts).map((s) => s.ids);
  } catch (err) {
    if (err instanceof DomainError && SILENT.has(err.code)) return [];
    throw err;
  }
}
