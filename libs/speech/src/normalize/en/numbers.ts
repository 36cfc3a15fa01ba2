import { regexRule } from '../pipeline';
import { NOT_AFTER_NUMBER, NOT_BEFORE_NUMBER, NUMBER, type EnglishRule } from './english-context';
import {
  cardinal,
  fractionWords,
  numberWords,
  ordinal,
  pluralNumber,
  spellDigits,
  yearWords,
} from './number-words';

/**
 * Year heuristic: a bare four-digit number from 1100 to 2099, written without a thousands
 * comma, is read as a year ("1984", "2010 was") unless
 *  - a word that counts things follows it ("1500 people", "1200 pages"), or
 *  - a word that labels a number precedes it ("page 1200", "number 1500", "room 1999").
 * From 1000 to 2999 a preceding "in", "since", "by", "AD"… or a following "BC"/"AD" also makes
 * a year ("in 1066", "in 2150"). Amounts with a currency or a unit never get here: their own rules
 * ran first.
 */
const COUNTED_NOUNS = new Set(
  `people persons men women children kids soldiers troops students workers employees members voters votes
  copies pages words items units points times years months weeks days hours minutes seconds miles meters
  metres feet yards dollars euros pounds cents calories steps cars houses homes families ships
  books cases deaths lives acres tons tonnes`.split(/\s+/),
);
const NUMBER_LABELS = new Set(
  'page pages number numbers room rooms flight route highway bus model item no pp figure table line lines verse'.split(
    ' ',
  ),
);

/** Words that put any four-digit number from 1000 to 2999 in time: "in 1066", "AD 1024". */
const YEAR_PREPOSITIONS = new Set(['in', 'since', 'until', 'till', 'by', 'year', 'circa', 'ad']);

function isYear(value: number, before: string, after: string): boolean {
  const prev = /([A-Za-z]+)\.? +$/.exec(before)?.[1]?.toLowerCase();
  const next = /^ +([A-Za-z]+)/.exec(after)?.[1];
  if (next !== undefined && COUNTED_NOUNS.has(next)) return false;
  if (value >= 1000 && value <= 2999 && prev !== undefined && YEAR_PREPOSITIONS.has(prev)) return true;
  if (next === 'BC' || next === 'AD' || next === 'CE' || next === 'BCE') return value >= 1000;
  if (value < 1100 || value > 2099) return false;
  return prev === undefined || !NUMBER_LABELS.has(prev);
}

const YEAR_LIKE = (n: number) => n >= 1100 && n <= 2099;

const VULGAR: Record<string, [number, number]> = {
  '½': [1, 2],
  '⅓': [1, 3],
  '⅔': [2, 3],
  '¼': [1, 4],
  '¾': [3, 4],
  '⅕': [1, 5],
  '⅖': [2, 5],
  '⅗': [3, 5],
  '⅘': [4, 5],
  '⅙': [1, 6],
  '⅚': [5, 6],
  '⅛': [1, 8],
  '⅜': [3, 8],
  '⅝': [5, 8],
  '⅞': [7, 8],
};
/** Fractions that are names, not quantities. */
const NAMED_FRACTIONS: Record<string, string> = {
  '24/7': 'twenty-four seven',
  '9/11': 'nine eleven',
  '50/50': 'fifty-fifty',
};

/** "2 1/2" → "two and a half", "1 3/4" → "one and three quarters". */
function mixedNumber(whole: number, numerator: number, denominator: number): string {
  const part =
    numerator === 1
      ? `a ${fractionWords(1, denominator).replace(/^one /, '')}`
      : fractionWords(numerator, denominator);
  return `${cardinal(whole)} and ${part}`;
}

const DECADE = /(?:(['’‘])(\d0)|(?<![\w.,'’])(\d{3}0|\d0))['’]?s\b/g;
const ORDINAL = /(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(st|nd|rd|th|ST|ND|RD|TH)\b/g;
const YEAR_RANGE = new RegExp(
  String.raw`${NOT_BEFORE_NUMBER}(\d{4}) ?[–—-] ?(\d{4}|\d{2})${NOT_AFTER_NUMBER}`,
  'g',
);
// A hyphen range needs no spaces ("10-20"); "10 - 5" is arithmetic or a dash and is left alone.
const RANGE = new RegExp(
  String.raw`${NOT_BEFORE_NUMBER}(${NUMBER})(?: ?[–—] ?|-)(${NUMBER})${NOT_AFTER_NUMBER}`,
  'g',
);
const VULGAR_FRACTION = new RegExp(
  String.raw`(?:(?<![\d.,])(\d+) ?)?([${Object.keys(VULGAR).join('')}])`,
  'g',
);
const MIXED_FRACTION = /(?<![\w.,/])(\d+) (\d+)\/(\d+)(?![\w/]|[.,]\d)/g;
const FRACTION = /(?<![\w.,/])(\d+)\/(\d+)(?![\w/]|[.,]\d)/g;
const YEAR = /(?<![\w.,])(\d{4})(?!\w|[.,]\d)/g;
const NEGATIVE = /(?<=^|[\s([{"“‘'=])[-−](?=\d)/g;
const VERSION = /(?<![\w.])\d+(?:\.\d+){2,}(?![\w]|\.\d)/g;
// Whatever digits are left: cardinals and decimals, even glued to letters ("mp3", "3D").
const CARDINAL = /(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(\d+))?|\.(\d+)/g;

export const numberRules: readonly EnglishRule[] = [
  regexRule('numbers.decade', DECADE, (_ctx, _m, [apostrophe, short, full]) => {
    if (apostrophe !== undefined) return pluralNumber(cardinal(Number(short)));
    const value = Number(full);
    return pluralNumber(value >= 1000 ? yearWords(value) : cardinal(value));
  }),
  regexRule('numbers.ordinal', ORDINAL, (_ctx, _m, [digits = '']) =>
    ordinal(BigInt(digits.replace(/,/g, ''))),
  ),
  regexRule('numbers.year-range', YEAR_RANGE, (_ctx, m, [from = '', to = '']) => {
    const start = Number(from);
    if (!YEAR_LIKE(start)) return m;
    if (to.length === 2) return `${yearWords(start)} to ${cardinal(Number(to))}`;
    const end = Number(to);
    return YEAR_LIKE(end) ? `${yearWords(start)} to ${yearWords(end)}` : m;
  }),
  regexRule(
    'numbers.range',
    RANGE,
    (_ctx, _m, [low = '', high = '']) => `${numberWords(low)} to ${numberWords(high)}`,
  ),
  regexRule('numbers.vulgar-fraction', VULGAR_FRACTION, (_ctx, m, [whole, symbol = '']) => {
    const [numerator, denominator] = VULGAR[symbol] ?? [0, 0];
    if (denominator === 0) return m;
    return whole === undefined
      ? fractionWords(numerator, denominator)
      : mixedNumber(Number(whole), numerator, denominator);
  }),
  regexRule('numbers.mixed-fraction', MIXED_FRACTION, (_ctx, m, [whole, n, d]) => {
    const denominator = Number(d);
    if (denominator < 2 || Number(n) >= denominator) return m;
    return mixedNumber(Number(whole), Number(n), denominator);
  }),
  regexRule('numbers.fraction', FRACTION, (_ctx, m, [n, d]) => {
    const named = NAMED_FRACTIONS[m];
    if (named !== undefined) return named;
    const denominator = Number(d);
    if (denominator < 2 || denominator > 100) return `${numberWords(n ?? '')} over ${numberWords(d ?? '')}`;
    return fractionWords(Number(n), denominator);
  }),
  regexRule('numbers.year', YEAR, (_ctx, m, [digits = ''], offset, text) => {
    const value = Number(digits);
    const before = text.slice(Math.max(0, offset - 12), offset);
    const after = text.slice(offset + m.length, offset + m.length + 16);
    return isYear(value, before, after) ? yearWords(value) : cardinal(value);
  }),
  regexRule('numbers.negative', NEGATIVE, () => 'minus '),
  regexRule('numbers.version', VERSION, (_ctx, m) =>
    m
      .split('.')
      .map((part) => numberWords(part))
      .join(' point '),
  ),
  regexRule('numbers.cardinal', CARDINAL, (_ctx, _m, [whole, fraction, bare], offset, text) => {
    let words: string;
    if (bare !== undefined) words = `point ${spellDigits(bare)}`;
    else words = numberWords(fraction === undefined ? (whole ?? '') : `${whole}.${fraction}`);
    // Keep words apart from letters they were glued to: "mp3" → "mp three".
    const before = offset > 0 && /[A-Za-z]/.test(text.charAt(offset - 1)) ? ' ' : '';
    const afterChar = text.charAt(offset + _m.length);
    const after = /[A-Za-z]/.test(afterChar) ? ' ' : '';
    return before + words + after;
  }),
];
