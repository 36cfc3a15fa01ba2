import {
  BREAK_PATTERN,
  DomainError,
  ERROR_CODES,
  RATE_PATTERN,
  RAW_PHONEMES_PATTERN,
} from '@chorus/contracts';
import type { EspeakPhonemizer } from './espeak-phonemizer';
import { Lexicon, setAside } from './lexicon';
import { hasSpokenPhonemes, phonemesToIds } from './phoneme-ids';
import type { VoiceConfig } from './voice-config';

const MARKUP = new RegExp(
  `${RAW_PHONEMES_PATTERN.source}|${BREAK_PATTERN.source}|${RATE_PATTERN.source}`,
  'gs',
);
/** Two or more capital letters standing alone, separated by single spaces: a spelled-out word. */
const LETTER_RUN = /(?<![\p{L}\p{N}])[A-Z](?: [A-Z])+(?:['’]s)?(?![\p{L}\p{N}])/gu;
/** Pauses and rate switches are the synthesizer's business, not the phonemizer's. */
const DIRECTIVES = new RegExp(`${BREAK_PATTERN.source}|${RATE_PATTERN.source}`, 'g');

/** Text with a letter or digit: anything else ("!!!", "* * *") has nothing a listener would want said. */
export function isSpeakable(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

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
  private readonly letterNames = new Map<string, string>();

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
    if (!isSpeakable(text)) {
      throw new DomainError(
        ERROR_CODES.TEXT_UNSPEAKABLE,
        'the text has nothing to pronounce (only punctuation or symbols)',
      );
    }
    const sentences = this.phonemizer
      .phonemize(this.spellLetters(this.spoken(text, opts).replace(DIRECTIVES, ' ')), this.voice.espeakVoice)
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

  /**
   * Spelled-out letters ("F B I", from the normalizer or SSML say-as) as one word with the
   * stress espeak-ng gives a spelled acronym (ˌɛfbˌiːˈaɪ): each letter's own name, secondary
   * stress on all but the last. Left to espeak, spaced letters all get primary stress and a
   * lone "A" is read as the article.
   */
  private spellLetters(text: string): string {
    return text.replace(LETTER_RUN, (match) => {
      const possessive = /['’]s$/.test(match);
      const letters = (possessive ? match.slice(0, -2) : match).split(' ');
      const names = letters.map((letter, i) => {
        let name = this.letterNames.get(letter);
        if (name === undefined) {
          name = this.phonemizer
            .phonemize(letter, this.voice.espeakVoice)
            .join('')
            .replace(/[.,;:!?]/g, '');
          this.letterNames.set(letter, name);
        }
        return i < letters.length - 1 ? name.replace(/ˈ/g, 'ˌ') : name;
      });
      const spelled = names.join('');
      // "F B I's": the possessive sounds as it would after the last letter's name.
      const suffix = !possessive ? '' : /s$/.test(spelled) ? 'ᵻz' : /[fkpt]$/.test(spelled) ? 's' : 'z';
      return `[[ ${spelled}${suffix} ]]`;
    });
  }
}
