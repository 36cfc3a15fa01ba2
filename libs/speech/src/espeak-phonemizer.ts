import koffi, { type LibraryHandle } from 'koffi';
import { DomainError, ERROR_CODES } from '@chorus/contracts';

const AUDIO_OUTPUT_SYNCHRONOUS = 0x02;
/** Without it a data error makes espeak call exit() and take the whole process down. */
const ESPEAK_INITIALIZE_DONT_EXIT = 0x8000;
const ESPEAK_CHARS_AUTO = 0;
const ESPEAK_PHONEMES_IPA = 0x02;
const CLAUSE_TYPE_SENTENCE = 0x00080000;
/** Clause terminator flags (espeak-ng's translate.h) → the punctuation Piper keeps. */
const TERMINATORS = new Map<number, string>([
  [40 | 0x80000, '.'],
  [20 | 0x1000 | 0x40000, ','],
  [40 | 0x2000 | 0x80000, '?'],
  [45 | 0x3000 | 0x80000, '!'],
  [30 | 0x40000, ':'],
  [30 | 0x1000 | 0x40000, ';'],
]);

export interface Clause {
  phonemes: string;
  terminator: string;
  endsSentence: boolean;
}

/** Piper's raw-phoneme blocks: `[[ həlˈoʊ ]]`. */
const RAW_PHONEMES = /(\[\[.*?\]\])/s;

type TextToPhonemes = (
  ptr: [unknown],
  textMode: number,
  phonemeMode: number,
  term?: [number],
) => string | null;

export interface EspeakOptions {
  /** Library file name or path, e.g. Debian's `libespeak-ng.so.1`. */
  library: string;
  /** The espeak-ng-data directory; undefined uses the library's built-in default. */
  dataDir?: string | undefined;
}

/**
 * espeak-ng loaded in-process through FFI, phonemizing the way the Piper reference runtime
 * does (clauses with their terminators, sentences split where espeak ends them). espeak
 * keeps global state and is not re-entrant: one instance per process, called synchronously.
 */
export class EspeakPhonemizer {
  private static instance: EspeakPhonemizer | undefined;
  readonly version: string;
  readonly exactTerminators: boolean;
  private readonly setVoice: (name: string) => number;
  private readonly toPhonemes: TextToPhonemes;
  private currentVoice: string | undefined;

  private constructor(opts: EspeakOptions) {
    let lib: LibraryHandle;
    try {
      lib = koffi.load(opts.library);
    } catch (err) {
      throw new DomainError(
        ERROR_CODES.PHONEMIZER_UNAVAILABLE,
        `cannot load espeak-ng (${opts.library}): ${(err as Error).message}; install libespeak-ng1 or run \`npm run stack -- up\``,
      );
    }
    const initialize = lib.func(
      'int espeak_Initialize(int output, int buflength, const char *path, int options)',
    ) as (output: number, bufLength: number, path: string | null, options: number) => number;
    const info = lib.func('const char *espeak_Info(_Out_ const char **path_data)') as (
      pathData: [unknown],
    ) => string;
    this.setVoice = lib.func('int espeak_SetVoiceByName(const char *name)') as (name: string) => number;
    const withTerminator = tryFunc(
      lib,
      'const char *espeak_TextToPhonemesWithTerminator(_Inout_ void **textptr, int textmode, int phonememode, _Out_ int *terminator)',
    );
    this.exactTerminators = withTerminator !== undefined;
    this.toPhonemes = (withTerminator ??
      lib.func(
        'const char *espeak_TextToPhonemes(_Inout_ void **textptr, int textmode, int phonememode)',
      )) as TextToPhonemes;

    const rate = initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, opts.dataDir ?? null, ESPEAK_INITIALIZE_DONT_EXIT);
    if (rate < 0)
      throw new DomainError(
        ERROR_CODES.PHONEMIZER_UNAVAILABLE,
        `espeak-ng could not initialize (data dir: ${opts.dataDir ?? 'default'})`,
      );
    this.version = info([null]);
  }

  static load(opts: EspeakOptions): EspeakPhonemizer {
    EspeakPhonemizer.instance ??= new EspeakPhonemizer(opts);
    return EspeakPhonemizer.instance;
  }

  /**
   * Sentences of phonemes (NFD IPA, punctuation kept), as Piper builds them. `[[ ... ]]`
   * blocks are raw phonemes, inserted as written into the sentence around them (Piper's
   * syntax; lexicon entries and SSML `<phoneme>` use it).
   */
  phonemize(text: string, voice: string): string[] {
    const sentences: string[] = [];
    const parts = text.split(RAW_PHONEMES);
    let afterRaw = false;
    parts.forEach((part, i) => {
      if (part.startsWith('[[') && part.endsWith(']]')) {
        if (sentences.length === 0) sentences.push('');
        let raw = part.slice(2, -2).trim();
        if (parts[i - 1]?.endsWith(' ')) raw = ` ${raw}`;
        if (parts[i + 1]?.startsWith(' ')) raw = `${raw} `;
        sentences[sentences.length - 1] += raw;
        afterRaw = true;
        return;
      }
      const own = this.phonemizeText(part, voice);
      if (afterRaw && own.length > 0) sentences[sentences.length - 1] += own.shift() ?? '';
      sentences.push(...own);
      afterRaw = false;
    });
    return sentences.filter((s, i) => s.length > 0 || i < sentences.length - 1);
  }

  private phonemizeText(text: string, voice: string): string[] {
    const sentences: string[] = [];
    let current = '';
    for (const clause of this.clauses(text, voice)) {
      let p = clause.phonemes.replace(/\([^)]+\)/g, '') + clause.terminator;
      if (clause.terminator === ',' || clause.terminator === ':' || clause.terminator === ';') p += ' ';
      current += p.normalize('NFD');
      if (clause.endsSentence) {
        sentences.push(current);
        current = '';
      }
    }
    if (current) sentences.push(current);
    return sentences;
  }

  clauses(text: string, voice: string): Clause[] {
    if (voice !== this.currentVoice) {
      if (this.setVoice(voice) !== 0)
        throw new DomainError(ERROR_CODES.VOICE_INVALID, `espeak-ng has no voice "${voice}"`);
      this.currentVoice = voice;
    }
    const bytes = Buffer.from(`${text}\0`, 'utf8');
    const mem: unknown = koffi.alloc('uint8', bytes.length);
    try {
      koffi.encode(mem, koffi.array('uint8', bytes.length), [...bytes]);
      const base = koffi.address(mem);
      const ptr: [unknown] = [mem];
      const out: Clause[] = [];
      while (ptr[0] !== null) {
        const before = Number(koffi.address(ptr[0]) - base);
        if (this.exactTerminators) {
          const term: [number] = [0];
          const phonemes = this.toPhonemes(ptr, ESPEAK_CHARS_AUTO, ESPEAK_PHONEMES_IPA, term) ?? '';
          const t = term[0] & 0x000fffff;
          out.push({
            phonemes,
            terminator: TERMINATORS.get(t) ?? '',
            endsSentence: (t & CLAUSE_TYPE_SENTENCE) !== 0,
          });
        } else {
          const phonemes = this.toPhonemes(ptr, ESPEAK_CHARS_AUTO, ESPEAK_PHONEMES_IPA) ?? '';
          const atEnd = ptr[0] === null;
          const after = atEnd ? bytes.length - 1 : Number(koffi.address(ptr[0]) - base);
          out.push({ phonemes, ...inferTerminator(bytes.subarray(before, after).toString('utf8'), atEnd) });
        }
      }
      return out;
    } finally {
      koffi.free(mem);
    }
  }
}

/**
 * espeak-ng releases before 1.52.0.1 do not report a clause's terminator, so we read it off
 * the text the clause consumed. espeak reads one character past the clause, which we drop.
 */
export function inferTerminator(consumed: string, atEnd: boolean): Omit<Clause, 'phonemes'> {
  let seg = consumed;
  if (!atEnd) seg = Array.from(seg).slice(0, -1).join('');
  seg = seg.trimEnd();
  const m = /([.,?!:;])[.,?!:;)"'\]]*$/.exec(seg);
  const ellipsis = /\.\.\.?$|…$/.test(seg);
  if (atEnd && !m) return { terminator: '', endsSentence: true };
  if (m?.[1] && !ellipsis) return { terminator: m[1], endsSentence: '.?!'.includes(m[1]) };
  return { terminator: '', endsSentence: false };
}

function tryFunc(lib: LibraryHandle, signature: string): ReturnType<LibraryHandle['func']> | undefined {
  try {
    return lib.func(signature);
  } catch {
    return undefined;
  }
}
