import type { ParsedDocument } from './parsed-document';

export type PauseAfter = 'sentence' | 'paragraph' | 'chapter' | 'end';

export interface SentenceSpan {
  charStart: number;
  charEnd: number;
}

export interface SegmentPlan {
  ordinal: number;
  /** Always `doc.text.slice(charStart, charEnd)`, with no surrounding whitespace. */
  text: string;
  charStart: number;
  charEnd: number;
  /** 0 before the first heading, then one more at each heading (the heading's own segment included). */
  chapter: number;
  pauseAfter: PauseAfter;
  /** The segment is (part of) a heading: read as a heading, with numbering such as "IV" spoken. */
  heading: boolean;
  sentences: SentenceSpan[];
}

export interface SegmentOptions {
  /** Longest segment, in UTF-16 code units. Default 400. */
  maxChars?: number;
  /** Locale for sentence boundaries. Default 'en'. */
  locale?: string;
}

const DEFAULT_MAX_CHARS = 400;

/**
 * V8's sentence iterator costs time proportional to the whole input for every sentence it yields,
 * so a long paragraph is fed to it in windows of about this many characters (measured: one 250k
 * character string took 4 s, the same text in 2k windows about 50 ms).
 */
const SENTENCE_WINDOW = 2048;

/** Titles ICU breaks after ("Mr. | Smith") because a capital follows; they never end an English sentence. */
const ENGLISH_TITLES = new Set([
  'mr.',
  'mrs.',
  'ms.',
  'messrs.',
  'mme.',
  'mlle.',
  'dr.',
  'prof.',
  'rev.',
  'hon.',
  'capt.',
  'col.',
  'gen.',
  'lt.',
  'sgt.',
  'st.',
  'mt.',
]);

const SPEAKABLE = /[\p{L}\p{N}]/u;

interface SentenceRules {
  segmenter: Intl.Segmenter;
  titles: ReadonlySet<string>;
}

const rulesByLocale = new Map<string, SentenceRules>();

/**
 * Cuts a document into synthesis segments: whole sentences of one block packed up to `maxChars`,
 * never across a block boundary, with a sentence longer than `maxChars` split at a clause boundary.
 * Segments with nothing to say (no letter or digit, e.g. "* * *") are left out.
 */
export function segmentDocument(doc: ParsedDocument, opts: SegmentOptions = {}): SegmentPlan[] {
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < 2) {
    throw new RangeError(`maxChars must be an integer of at least 2, got ${maxChars}`);
  }
  const rules = sentenceRulesFor(opts.locale ?? 'en');
  const plans: SegmentPlan[] = [];
  let chapter = 0;
  for (const block of doc.blocks) {
    const blockText = doc.text.slice(block.charStart, block.charEnd);
    const drafts = packBlock(blockText, rules, maxChars).filter((draft) =>
      SPEAKABLE.test(blockText.slice(draft.start, draft.end)),
    );
    if (drafts.length === 0) continue;
    if (block.kind === 'heading') {
      chapter++;
      const previous = plans.at(-1);
      if (previous) previous.pauseAfter = 'chapter';
    }
    drafts.forEach((draft, index) => {
      const charStart = block.charStart + draft.start;
      const charEnd = block.charStart + draft.end;
      plans.push({
        ordinal: plans.length,
        text: doc.text.slice(charStart, charEnd),
        charStart,
        charEnd,
        chapter,
        pauseAfter: index === drafts.length - 1 ? 'paragraph' : 'sentence',
        heading: block.kind === 'heading',
        sentences: draft.sentences.map((sentence) => ({
          charStart: block.charStart + sentence.charStart,
          charEnd: block.charStart + sentence.charEnd,
        })),
      });
    });
  }
  const last = plans.at(-1);
  if (last) last.pauseAfter = 'end';
  return plans;
}

interface Draft {
  start: number;
  end: number;
  sentences: SentenceSpan[];
}

/** Offsets here are relative to the block's text. */
function packBlock(text: string, rules: SentenceRules, maxChars: number): Draft[] {
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  for (const sentence of findSentences(text, rules)) {
    if (sentence.charEnd - sentence.charStart > maxChars) {
      if (current) drafts.push(current);
      current = undefined;
      for (const piece of splitLongSentence(text, sentence, maxChars)) {
        drafts.push({ start: piece.charStart, end: piece.charEnd, sentences: [piece] });
      }
    } else if (current && sentence.charEnd - current.start <= maxChars) {
      current.end = sentence.charEnd;
      current.sentences.push(sentence);
    } else {
      if (current) drafts.push(current);
      current = { start: sentence.charStart, end: sentence.charEnd, sentences: [sentence] };
    }
  }
  if (current) drafts.push(current);
  return drafts;
}

/** Trimmed, non-empty sentence spans in order. */
function findSentences(text: string, rules: SentenceRules): SentenceSpan[] {
  const sentences: SentenceSpan[] = [];
  for (const [start, end] of sentenceBoundaries(text, rules.segmenter)) {
    const span = trimSpan(text, start, end);
    if (span.charEnd === span.charStart) continue;
    const previous = sentences.at(-1);
    if (previous && rules.titles.has(lastWord(text, previous).toLowerCase())) {
      previous.charEnd = span.charEnd;
    } else {
      sentences.push(span);
    }
  }
  return sentences;
}

/**
 * Yields [start, end) of each raw sentence, segmenting window by window. The last sentence of a window
 * may be cut short by the window's edge, so the next window starts at it. A window holding a single
 * sentence is doubled until the sentence's end shows; then only its first boundary is read, which keeps
 * one very long sentence linear.
 */
function* sentenceBoundaries(text: string, segmenter: Intl.Segmenter): Generator<[number, number]> {
  let position = 0;
  let size = SENTENCE_WINDOW;
  while (position < text.length) {
    let end = Math.min(text.length, position + size);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    const starts: number[] = [];
    let stoppedEarly = false;
    for (const { index } of segmenter.segment(text.slice(position, end))) {
      starts.push(position + index);
      stoppedEarly = size > SENTENCE_WINDOW && starts.length === 2;
      if (stoppedEarly) break;
    }
    if (end === text.length && !stoppedEarly) {
      starts.push(end);
    } else if (starts.length < 2) {
      size *= 2;
      continue;
    }
    for (let i = 0; i + 1 < starts.length; i++) yield [starts[i] ?? 0, starts[i + 1] ?? 0];
    position = starts.at(-1) ?? text.length;
    size = SENTENCE_WINDOW;
  }
}

/**
 * Pieces of at most `maxChars`: cut after the last clause punctuation that fits (a comma, semicolon or
 * colon only when a space follows, so "1,000" and "12:30" stay whole; a dash anywhere), else at the last
 * space that fits, else hard (never inside a surrogate pair).
 */
function splitLongSentence(text: string, sentence: SentenceSpan, maxChars: number): SentenceSpan[] {
  const pieces: SentenceSpan[] = [];
  const end = sentence.charEnd;
  let start = sentence.charStart;
  while (end - start > maxChars) {
    const limit = start + maxChars;
    let cut = clauseCut(text, start, limit, end);
    if (cut < 0) cut = lastSpaceCut(text, start, limit);
    if (cut < 0) {
      cut = isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
    }
    pieces.push(trimSpan(text, start, cut));
    start = trimSpan(text, cut, end).charStart;
  }
  if (start < end) pieces.push({ charStart: start, charEnd: end });
  return pieces;
}

function clauseCut(text: string, start: number, limit: number, end: number): number {
  for (let i = limit - 1; i > start; i--) {
    const char = text[i];
    if (char === '—' || char === '–') return i + 1;
    if (
      (char === ',' || char === ';' || char === ':') &&
      (i + 1 === end || isSpace(text.charCodeAt(i + 1)))
    ) {
      return i + 1;
    }
  }
  return -1;
}

function lastSpaceCut(text: string, start: number, limit: number): number {
  for (let i = limit; i > start; i--) {
    if (isSpace(text.charCodeAt(i))) return i;
  }
  return -1;
}

function trimSpan(text: string, start: number, end: number): SentenceSpan {
  let charStart = start;
  let charEnd = end;
  while (charStart < charEnd && isSpace(text.charCodeAt(charStart))) charStart++;
  while (charEnd > charStart && isSpace(text.charCodeAt(charEnd - 1))) charEnd--;
  return { charStart, charEnd };
}

function lastWord(text: string, span: SentenceSpan): string {
  let i = span.charEnd;
  while (i > span.charStart && !isSpace(text.charCodeAt(i - 1))) i--;
  return text.slice(i, span.charEnd);
}

function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function sentenceRulesFor(locale: string): SentenceRules {
  let rules = rulesByLocale.get(locale);
  if (!rules) {
    const segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    const language = new Intl.Locale(segmenter.resolvedOptions().locale).language;
    rules = { segmenter, titles: language === 'en' ? ENGLISH_TITLES : new Set() };
    rulesByLocale.set(locale, rules);
  }
  return rules;
}
