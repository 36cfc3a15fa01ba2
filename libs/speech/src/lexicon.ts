import { decodePrivateNumber, DomainError, encodePrivateNumber, ERROR_CODES } from '@chorus/contracts';

/** One pronunciation: a word said as IPA phonemes, or as another spelling. */
export interface LexiconEntry {
  grapheme: string;
  /** IPA, as espeak-ng writes it (e.g. "kˈɔːɹəs"). */
  phoneme?: string | undefined;
  /** A respelling or substitute text (e.g. "kor us", "World Wide Web Consortium"). */
  alias?: string | undefined;
}

export const LEXICON_LIMITS = { entries: 1000, grapheme: 100, value: 200 } as const;

// Private-use code points: nothing in a document or a normalizer rule produces them.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000([\uE100-\uE6FF]+)\uE001/g;
const IPA_FORBIDDEN = /[[\]<>{}\\\d]/;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const GUARD_OPEN = '\uE004';
const GUARD_CLOSE = '\uE005';
const GUARDED = /\uE004([\uE100-\uE6FF]+)\uE005/g;

/**
 * Sets every match of `pattern` aside behind a private-use placeholder, so a normalizer
 * cannot touch it; `restore` puts the originals back.
 */
export function setAside(
  text: string,
  pattern: RegExp,
): { text: string; restore: (processed: string) => string } {
  const kept: string[] = [];
  const guarded = text.replace(pattern, (m) => {
    kept.push(m);
    return ` ${GUARD_OPEN}${encodePrivateNumber(kept.length - 1)}${GUARD_CLOSE} `;
  });
  if (kept.length === 0) return { text, restore: (t) => t };
  return {
    text: guarded,
    restore: (t) => t.replace(GUARDED, (_, i: string) => kept[decodePrivateNumber(i)] ?? ''),
  };
}

/**
 * A pronunciation lexicon, like the ones Polly and Azure accept. Whole words only; a
 * grapheme written in lower case matches any case, one with capitals matches exactly.
 * Entries are applied before normalization: the matched words are set aside so no
 * normalizer rule touches them, and put back afterwards as `[[ phonemes ]]` or as the alias.
 */
export class Lexicon {
  static readonly empty = new Lexicon([]);
  private readonly pattern: RegExp | undefined;
  private readonly exact = new Map<string, LexiconEntry>();
  private readonly folded = new Map<string, LexiconEntry>();

  private constructor(readonly entries: readonly LexiconEntry[]) {
    for (const e of entries) {
      if (e.grapheme === e.grapheme.toLowerCase()) this.folded.set(e.grapheme, e);
      else this.exact.set(e.grapheme, e);
    }
    const graphemes = [...new Set(entries.map((e) => e.grapheme))].sort((a, b) => b.length - a.length);
    this.pattern = graphemes.length
      ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${graphemes.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu')
      : undefined;
  }

  /** Validates entries (a user's input) and builds the lexicon. */
  static from(entries: readonly LexiconEntry[]): Lexicon {
    if (entries.length > LEXICON_LIMITS.entries) {
      throw new DomainError(
        ERROR_CODES.INVALID_REQUEST,
        `a lexicon has at most ${LEXICON_LIMITS.entries} entries`,
      );
    }
    for (const e of entries) {
      const g = e.grapheme?.trim() ?? '';
      if (!g || g.length > LEXICON_LIMITS.grapheme || !/[\p{L}\p{N}]/u.test(g)) {
        throw new DomainError(
          ERROR_CODES.INVALID_REQUEST,
          `lexicon grapheme "${g.slice(0, 40)}" must be 1-${LEXICON_LIMITS.grapheme} characters with a letter or digit`,
        );
      }
      if ((e.phoneme === undefined) === (e.alias === undefined)) {
        throw new DomainError(
          ERROR_CODES.INVALID_REQUEST,
          `lexicon entry "${g}" needs exactly one of phoneme or alias`,
        );
      }
      const value = e.phoneme ?? e.alias ?? '';
      if (
        !value.trim() ||
        value.length > LEXICON_LIMITS.value ||
        (e.phoneme !== undefined && IPA_FORBIDDEN.test(value))
      ) {
        throw new DomainError(
          ERROR_CODES.INVALID_REQUEST,
          `lexicon entry "${g}" has an unusable ${e.phoneme !== undefined ? 'phoneme' : 'alias'}`,
        );
      }
    }
    return new Lexicon(
      entries.map((e) => ({
        grapheme: e.grapheme.trim(),
        phoneme: e.phoneme?.trim(),
        alias: e.alias?.trim(),
      })),
    );
  }

  /** This lexicon with `other`'s entries taking precedence (job over voice defaults). */
  merge(other: Lexicon): Lexicon {
    if (other.entries.length === 0) return this;
    if (this.entries.length === 0) return other;
    const mine = this.entries.filter(
      (e) => !other.entries.some((o) => o.grapheme.toLowerCase() === e.grapheme.toLowerCase()),
    );
    return new Lexicon([...mine, ...other.entries]);
  }

  /** Sets matched words aside; `restore` puts each back as its pronunciation. */
  protect(text: string): { text: string; restore: (processed: string) => string } {
    if (!this.pattern) return { text, restore: (t) => t };
    const used: LexiconEntry[] = [];
    const protectedText = text.replace(this.pattern, (word) => {
      const entry = this.exact.get(word) ?? this.folded.get(word.toLowerCase());
      if (!entry) return word;
      used.push(entry);
      return `${OPEN}${encodePrivateNumber(used.length - 1)}${CLOSE}`;
    });
    const restore = (processed: string) =>
      processed.replace(PLACEHOLDER, (_, idx: string) => {
        const e = used[decodePrivateNumber(idx)];
        if (!e) return '';
        return e.phoneme !== undefined ? ` [[ ${e.phoneme} ]] ` : (e.alias ?? '');
      });
    return { text: protectedText, restore };
  }
}
