/**
 * Inline directives that travel inside a document's text from ingestion (SSML) to
 * synthesis. They use private-use code points, which no document or normalizer rule
 * produces, and carry no ASCII digits for a normalizer to read aloud.
 *
 * - Raw phonemes use Piper's own syntax: `[[ kˈɔːɹəs ]]`.
 * - A pause is BREAK_OPEN, the milliseconds in base-1536 private-use digits, BREAK_CLOSE.
 */
const BREAK_OPEN = '\uE002';
const BREAK_CLOSE = '\uE003';
const DIGIT_BASE = 0xe100;
const RADIX = 1536;

export const RAW_PHONEMES_PATTERN = /\[\[.*?\]\]/gs;
export const BREAK_PATTERN = /\uE002([\uE100-\uE6FF]+)\uE003/g;

export function encodePrivateNumber(n: number): string {
  let out = '';
  let v = Math.max(0, Math.floor(n));
  do {
    out = String.fromCharCode(DIGIT_BASE + (v % RADIX)) + out;
    v = Math.floor(v / RADIX);
  } while (v > 0);
  return out;
}

export function decodePrivateNumber(s: string): number {
  return [...s].reduce((n, ch) => n * RADIX + (ch.charCodeAt(0) - DIGIT_BASE), 0);
}

export function breakMarker(ms: number): string {
  return `${BREAK_OPEN}${encodePrivateNumber(ms)}${BREAK_CLOSE}`;
}

/** Splits text at pause markers: text pieces and pauses (ms), in order. */
export function splitBreaks(text: string): ({ text: string } | { pauseMs: number })[] {
  const out: ({ text: string } | { pauseMs: number })[] = [];
  let last = 0;
  for (const m of text.matchAll(BREAK_PATTERN)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ pauseMs: decodePrivateNumber(m[1] ?? '') });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** The text without any directive, as a reader would see it (subtitles, previews). */
export function withoutMarkup(text: string): string {
  return text
    .replace(BREAK_PATTERN, ' ')
    .replace(RAW_PHONEMES_PATTERN, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
