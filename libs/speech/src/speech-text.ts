import {
  BREAK_PATTERN,
  DomainError,
  ERROR_CODES,
  RATE_PATTERN,
  RAW_PHONEMES_PATTERN,
} from '@chorus/contracts';

const MARKUP = new RegExp(
  `${RAW_PHONEMES_PATTERN.source}|${BREAK_PATTERN.source}|${RATE_PATTERN.source}`,
  'gs',
);
/** Pauses and rate switches are the synthesizer's business, not the phonemizer's. */
const DIRECTIVES = new RegExp(`${BREAK_PATTERN.source}|${RATE_PATTERN.source}`, 'g');
import type { EspeakPhonemizer } from './espeak-phonemizer';
import { Lexicon, setAside } from './lexicon';
import { hasSpokenPhonemes, phonemesToIds } from './phoneme-ids';
import type { VoiceConfig } from './voice-config';

export interface PreparedSentence {
  phonemes: string;
  ids: number[];
}

/** Text → spoken words, before phonemization (numbers, currency, abbreviations, ...). */
export interface Normalizer {
  normalize(text: string, ctx?: { heading?: boolean }): string;
}

const AS_WRITTEN: Normalizer = { normalize: (text) => text };

export interface TextOptions {
  lexicon?: Lexicon | undefined;
  /** The text is a heading: read numbering such as "Chapter IV" as a heading reads. */
  heading?: boolean | undefined;
}

/**
 * The text half of speech: what a voice will say (lexicon, normalization) and the phoneme
 * ids it will say it with. Needs no inference session, so the API can preview with it.
 */
export class SpeechText {
  constructor(
    private readonly phonemizer: EspeakPhonemizer,
    private readonly voice: Pick<VoiceConfig, 'espeakVoice' | 'phonemeIdMap'>,
    private readonly normalizer: Normalizer = AS_WRITTEN,
    private readonly voiceLexicon: Lexicon = Lexicon.empty,
  ) {}

  /** What will be said: the lexicon's words set aside, the rest normalized, the words put back. */
  spoken(text: string, opts: TextOptions = {}): string {
    const lexicon = opts.lexicon ? this.voiceLexicon.merge(opts.lexicon) : this.voiceLexicon;
    // Raw phonemes and pauses (from SSML) pass through untouched; lexicon words are set aside too.
    const markup = setAside(text, MARKUP);
    const { text: guarded, restore } = lexicon.protect(markup.text);
    const spoken = markup.restore(
      restore(this.normalizer.normalize(guarded, { heading: opts.heading ?? false })),
    );
    return spoken.replace(/ {2,}/g, ' ').trim();
  }

  /** Normalizes, phonemizes and maps to ids, refusing text with nothing to say. */
  prepare(text: string, opts: TextOptions = {}): PreparedSentence[] {
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
      .phonemize(this.spoken(text, opts).replace(DIRECTIVES, ' '), this.voice.espeakVoice)
      .filter(hasSpokenPhonemes)
      .map((phonemes) => ({ phonemes, ids: phonemesToIds(phonemes, this.voice).ids }));
    if (sentences.length === 0) {
      throw new DomainError(
        ERROR_CODES.TEXT_UNSPEAKABLE,
        'the text has nothing to pronounce (only punctuation or symbols)',
      );
    }
    return sentences;
  }
}
