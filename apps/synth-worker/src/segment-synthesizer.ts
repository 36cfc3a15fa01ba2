import { DomainError, ERROR_CODES } from '@chorus/contracts';
import type { SegmentWork } from '@chorus/database';
import { assembleSegment, SpeechSynthesizer, type SegmentAudio, type SpeechRuntime } from '@chorus/speech';

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
  constructor(
    private readonly runtime: SpeechRuntime,
    private readonly maxItemsPerPass = 64,
  ) {}

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
        synth = new SpeechSynthesizer(this.runtime.phonemizer, await this.runtime.voice(first.voice));
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
    // ids[i][s] = the espeak sentences (id sequences) of sentence s of item i
    const ids = new Map<number, number[][][]>();
    for (const i of indexes) {
      try {
        ids.set(
          i,
          sentenceTexts(items[i]!.work).map((text) => prepare(synth, text)),
        );
      } catch (err) {
        out[i] = err as Error;
      }
    }
    const ready = indexes.filter((i) => ids.has(i));
    const speed = items[indexes[0]!]!.speed;
    try {
      const waves = await this.infer(
        synth,
        ready.flatMap((i) => ids.get(i)!.flat()),
        speed,
      );
      let k = 0;
      for (const i of ready) {
        const pieces = ids.get(i)!.map((sentence) => sentence.map(() => waves[k++]!));
        out[i] = this.assemble(synth, pieces, speed);
      }
    } catch {
      for (const i of ready) {
        try {
          const flat = await this.infer(synth, ids.get(i)!.flat(), speed);
          let k = 0;
          out[i] = this.assemble(
            synth,
            ids.get(i)!.map((sentence) => sentence.map(() => flat[k++]!)),
            speed,
          );
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

function prepare(synth: SpeechSynthesizer, text: string): number[][] {
  try {
    return synth.prepare(text).map((s) => s.ids);
  } catch (err) {
    if (err instanceof DomainError && SILENT.has(err.code)) return [];
    throw err;
  }
}
