// The per-locale entry: its typings resolve under `moduleResolution: node` (the root entry's do not).
import { ToWords } from 'to-words/en-US';

const toWords = new ToWords();

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const COMPOUND =
  /\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety) (one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b/g;
/** Beyond this many digits a number is an identifier, not a quantity: read it digit by digit. */
const MAX_CARDINAL_DIGITS = 21;

/** to-words writes "Thirty Four"; a book reads "thirty-four". */
function tidy(words: string): string {
  return words.toLowerCase().replace(COMPOUND, '$1-$2');
}

const cardinalCache = new Map<number, string>();

export function cardinal(value: number | bigint): string {
  if (value < 0) return `minus ${cardinal(-value)}`;
  if (typeof value === 'number' && value < 10_000) {
    let words = cardinalCache.get(value);
    if (words === undefined) {
      words = tidy(toWords.convert(value));
      cardinalCache.set(value, words);
    }
    return words;
  }
  return tidy(toWords.convert(value));
}

export function ordinal(value: number | bigint): string {
  return tidy(toWords.toOrdinal(value));
}

/** "4567" → "four five six seven". */
export function spellDigits(digits: string): string {
  const words: string[] = [];
  for (const ch of digits) {
    const d = ch.charCodeAt(0) - 48;
    if (d >= 0 && d <= 9) words.push(DIGIT_WORDS[d] ?? '');
  }
  return words.join(' ');
}

/** A run of digits, possibly with thousands commas: "1,234" → "one thousand two hundred thirty-four". */
export function integerWords(raw: string): string {
  const digits = raw.replace(/,/g, '');
  if (digits.length > 1 && digits.startsWith('0')) return spellDigits(digits);
  if (digits.length > MAX_CARDINAL_DIGITS) return spellDigits(digits);
  return cardinal(BigInt(digits));
}

/** "3.14" → "three point one four", ".5" → "point five", "1,000" → "one thousand". */
export function numberWords(raw: string): string {
  const negative = raw.startsWith('-') || raw.startsWith('−');
  const body = negative ? raw.slice(1) : raw;
  const dot = body.indexOf('.');
  let words: string;
  if (dot < 0) words = integerWords(body);
  else {
    const whole = body.slice(0, dot);
    const fraction = spellDigits(body.slice(dot + 1));
    words = whole === '' ? `point ${fraction}` : `${integerWords(whole)} point ${fraction}`;
  }
  return negative ? `minus ${words}` : words;
}

/**
 * How English reads a year: 1984 "nineteen eighty-four", 1900 "nineteen hundred", 1905 "nineteen
 * oh five", 2000–2009 "two thousand five", 2010 on "twenty ten".
 */
export function yearWords(year: number): string {
  if (year < 1000 || year > 9999 || (year >= 2000 && year <= 2009) || year % 1000 === 0)
    return cardinal(year);
  const high = Math.floor(year / 100);
  const low = year % 100;
  if (low === 0) return `${cardinal(high)} hundred`;
  if (low < 10) return `${cardinal(high)} oh ${cardinal(low)}`;
  return `${cardinal(high)} ${cardinal(low)}`;
}

/** Plural of a number's last word: "nineteen ninety" → "nineteen nineties", "six" → "sixes". */
export function pluralNumber(words: string): string {
  if (words.endsWith('y')) return `${words.slice(0, -1)}ies`;
  if (words.endsWith('x')) return `${words}es`;
  return `${words}s`;
}

/** Denominator names for fractions: 2 half, 4 quarter, else the ordinal ("third", "sixteenth"). */
export function fractionWords(numerator: number, denominator: number): string {
  const one = numerator === 1;
  let unit: string;
  if (denominator === 2) unit = one ? 'half' : 'halves';
  else if (denominator === 4) unit = one ? 'quarter' : 'quarters';
  else unit = one ? ordinal(denominator) : pluralNumber(ordinal(denominator));
  return `${cardinal(numerator)} ${unit}`;
}
