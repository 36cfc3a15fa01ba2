import { DomainError, ERROR_CODES, splitBreaks } from '@chorus/contracts';
import type { SegmentWork } from '@chorus/database';
import {
  assembleSegment,
  Lexicon,
  type LexiconEntry,
  type SegmentAudio,
  type SpeechRuntime,
  type SpeechSynthesizer,
  type TextOptions,
} from '@chorus/speech';

export interface SynthesisItem {
  work: SegmentWork;
  voice: string;
  speed: number;
}

export interface SynthesizedSegment {
  audio: SegmentAudio;
  sampleRate: number;
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
        const work = items[i]!.work;
        const opts = { lexicon: this.lexiconOf(work), heading: work.heading };
        plans.set(
          i,
          sentenceTexts(work).map((text) => units(synth, text, opts)),
        );
      } catch (err) {
        out[i] = err as Error;
      }
    }
    const ready = indexes.filter((i) => plans.has(i));
    const speed = items[indexes[0]!]!.speed;
    const sequences = (i: number) =>
      plans
        .get(i)!
        .flat()
        .filter((u): u is number[] => Array.isArray(u));
    const fill = (i: number, waves: Float32Array[]) => {
      let k = 0;
      const pieces = plans
        .get(i)!
        .map((sentence) =>
          sentence.map((u) => (Array.isArray(u) ? waves[k++]! : new Float32Array(u.silence))),
        );
      return this.assemble(synth, pieces, speed);
    };
    try {
      const waves = await this.infer(synth, ready.flatMap(sequences), speed);
      let offset = 0;
      for (const i of ready) {
        const n = sequences(i).length;
        out[i] = fill(i, waves.slice(offset, offset + n));
        offset += n;
      }
    } catch {
      for (const i of ready) {
        try {
          out[i] = fill(i, await this.infer(synth, sequences(i), speed));
        } catch (err) {
          out[i] = err as Error;
        }
      }
    }
  }

  private async infer(
    synth: SpeechSynthesizer,
    sequences: number[][],
    speed: number,
  ): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < sequences.length; i += this.maxItemsPerPass) {
      out.push(...(await synth.infer(sequences.slice(i, i + this.maxItemsPerPass), { lengthScale: speed })));
    }
    return out;
  }

  private assemble(synth: SpeechSynthesizer, pieces: Float32Array[][], speed: number): SynthesizedSegment {
    return { audio: assembleSegment(pieces, synth.sampleRate, speed), sampleRate: synth.sampleRate };
  }
}

/** What a sentence becomes: id sequences for the model, and explicit pauses (SSML breaks). */
type Unit = number[] | { silence: number };

function units(synth: SpeechSynthesizer, sentence: string, opts: TextOptions): Unit[] {
  return splitBreaks(sentence).flatMap((part): Unit[] =>
    'pauseMs' in part
      ? [{ silence: Math.round((part.pauseMs * synth.sampleRate) / 1000) }]
      : prepare(synth, part.text, opts),
  );
}

function prepare(synth: SpeechSynthesizer, text: string, opts: TextOptions): number[][] {
  if (!/[\p{L}\p{N}]/u.test(text)) return [];
  try {
    return synth.prepare(text, opts).map((s) => s.ids);
  } catch (err) {
    if (err instanceof DomainError && SILENT.has(err.code)) return [];
    throw err;
  }
}
