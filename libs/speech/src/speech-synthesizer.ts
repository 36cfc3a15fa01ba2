import type { PiperVoice } from './piper-voice';
import type { PreparedSentence, SpeechText, TextOptions } from './speech-text';
import type { VoiceScales } from './voice-config';
import { floatToInt16, type PcmAudio } from './wav';

export interface SynthesisOptions extends TextOptions {
  /** Piper's length scale: above 1 is slower, below 1 faster. */
  lengthScale?: number;
  noiseScale?: number;
  noiseW?: number;
}

export interface SynthesisResult {
  audio: PcmAudio;
  sentences: PreparedSentence[];
}

/** Text → phonemes → ids → one batched forward pass → 16-bit PCM. */
export class SpeechSynthesizer {
  constructor(
    readonly text: SpeechText,
    private readonly voice: PiperVoice,
  ) {}

  /** Normalizes, phonemizes and maps to ids, refusing text with nothing to say. */
  prepare(text: string, opts: TextOptions = {}): PreparedSentence[] {
    return this.text.prepare(text, opts);
  }

  get sampleRate(): number {
    return this.voice.config.sampleRate;
  }

  /** One padded forward pass over prepared id sequences; each item's own waveform back. */
  infer(sequences: number[][], opts: SynthesisOptions = {}): Promise<Float32Array[]> {
    const scales: Partial<VoiceScales> = {};
    if (opts.lengthScale !== undefined) scales.length = opts.lengthScale;
    if (opts.noiseScale !== undefined) scales.noise = opts.noiseScale;
    if (opts.noiseW !== undefined) scales.noiseW = opts.noiseW;
    return this.voice.infer(sequences, scales);
  }

  async synthesize(text: string, opts: SynthesisOptions = {}): Promise<SynthesisResult> {
    const sentences = this.prepare(text, opts);
    const waves = await this.infer(
      sentences.map((s) => s.ids),
      opts,
    );
    const total = waves.reduce((n, w) => n + w.length, 0);
    const joined = new Float32Array(total);
    let offset = 0;
    for (const w of waves) {
      joined.set(w, offset);
      offset += w.length;
    }
    return { audio: { samples: floatToInt16(joined), sampleRate: this.voice.config.sampleRate }, sentences };
  }
}
