import { DomainError, ERROR_CODES } from '@chorus/contracts';
import type { EspeakPhonemizer } from './espeak-phonemizer';
import { hasSpokenPhonemes, phonemesToIds } from './phoneme-ids';
import type { PiperVoice } from './piper-voice';
import type { VoiceScales } from './voice-config';
import { floatToInt16, type PcmAudio } from './wav';

export interface PreparedSentence {
  phonemes: string;
  ids: number[];
}

export interface SynthesisOptions {
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
    private readonly phonemizer: EspeakPhonemizer,
    private readonly voice: PiperVoice,
  ) {}

  /** Phonemizes and maps to ids, refusing text with nothing to say. */
  prepare(text: string): PreparedSentence[] {
    if (text.trim().length === 0) throw new DomainError(ERROR_CODES.TEXT_EMPTY, 'the text is empty');
    // espeak-ng reads lone marks aloud ("!!!" → "exclamation"); text with no letter or digit
    // has nothing a listener would want said.
    if (!/[\p{L}\p{N}]/u.test(text)) {
      throw new DomainError(
        ERROR_CODES.TEXT_UNSPEAKABLE,
        'the text has nothing to pronounce (only punctuation or symbols)',
      );
    }
    const sentences = this.phonemizer
      .phonemize(text, this.voice.config.espeakVoice)
      .filter(hasSpokenPhonemes)
      .map((phonemes) => ({ phonemes, ids: phonemesToIds(phonemes, this.voice.config).ids }));
    if (sentences.length === 0) {
      throw new DomainError(
        ERROR_CODES.TEXT_UNSPEAKABLE,
        'the text has nothing to pronounce (only punctuation or symbols)',
      );
    }
    return sentences;
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
    const sentences = this.prepare(text);
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
