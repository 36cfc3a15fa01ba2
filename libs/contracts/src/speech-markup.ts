/**
 * Inline directives that travel inside a document's text from ingestion (SSML) to
 * synthesis. They use private-use code points, which no document or normalizer rule
 * produces, and carry no ASCII digits for a normalizer to read aloud.
 *
 * - Raw phonemes use Piper's own syntax: `[[ kˈɔːɹəs ]]`.
 * - A pause is BREAK_OPEN, the milliseconds in base-1536 private-use digits, BREAK_CLOSE.
 * - A rate switch is RATE_OPEN, the rate in percent (same digits), RATE_CLOSE: from there on
 *   the text is spoken at that rate (SSML `<prosody rate>` opens one and restores the outer
 *   rate when it closes).
 */
const BREAK_OPEN = '\uE002';
const BREAK_CLOSE = '\uE003';
const DIGIT_BASE = 0xe100;
const RADIX = 1536;

const RATE_OPEN = '\uE006';
const RATE_CLOSE = '\uE007';

export const RAW_PHONEMES_PATTERN = /\[\[.*?\]\]/gs;
export const BREAK_PATTERN = /\uE002([\uE100-\uE6FF]+)\uE003/g;
export const RATE_PATTERN = /\uE006([\uE100-\uE6FF]+)\uE007/g;
/** Directives that are not text: pauses and rate switches. */
const DIRECTIVES = /\uE002([\uE100-\uE6FF]+)\uE003|\uE006([\uE100-\uE6FF]+)\uE007/g;

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

export function rateMarker(rate: number): string {
  return `${RATE_OPEN}${encodePrivateNumber(Math.round(rate * 100))}${RATE_CLOSE}`;
}

export type MarkupPart = { text: string; rate: number } | { pauseMs: number };

/**
 * Splits text at its directives: text pieces with the rate they are spoken at, and pauses,
 * in order. `rate` is the rate in effect where the text starts; `finalRate` where it ends.
 */
export function splitMarkup(text: string, rate = 1): { parts: MarkupPart[]; finalRate: number } {
  const parts: MarkupPart[] = [];
  let last = 0;
  let current = rate;
  for (const m of text.matchAll(DIRECTIVES)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), rate: current });
    if (m[1] !== undefined) parts.push({ pauseMs: decodePrivateNumber(m[1]) });
    else current = decodePrivateNumber(m[2] ?? '') / 100;
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), rate: current });
  return { parts, finalRate: current };
}

/** The rate in effect at `offset` of a document's text (the last switch before it). */
export function rateAt(text: string, offsets: number[]): number[] {
  const switches = [...text.matchAll(RATE_PATTERN)].map((m) => ({
    at: m.index,
    rate: decodePrivateNumber(m[1] ?? '') / 100,
  }));
  let i = 0;
  let rate = 1;
  return offsets.map((offset) => {
    while (i < switches.length && switches[i]!.at < offset) rate = switches[i++]!.rate;
    return rate;
  });
}

/** The text without any directive, as a reader would see it (subtitles, previews). */
export function withoutMarkup(text: string): string {
  return text
    .replace(BREAK_PATTERN, ' ')
    .replace(RAW_PHONEMES_PATTERN, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
