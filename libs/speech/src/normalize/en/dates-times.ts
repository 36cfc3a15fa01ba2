import { closesSentence, regexRule } from '../pipeline';
import type { EnglishContext, EnglishRule } from './english-context';
import { cardinal, ordinal, yearWords } from './number-words';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTH_BY_PREFIX = new Map<string, string>(MONTHS.map((m) => [m.slice(0, 3), m]));
MONTH_BY_PREFIX.set('Sep', 'September');
// Full names, or the usual abbreviations ("Jan.", "Sept."); "May" has no abbreviation.
const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)`;

function monthName(written: string): string {
  return MONTH_BY_PREFIX.get(written.slice(0, 3)) ?? written;
}

/** A two-digit year reads as its number ("'24" → "twenty-four"); four digits as a year. */
function spokenYear(year: string): string {
  return year.length === 2 ? cardinal(Number(year)) : yearWords(Number(year));
}

function validDay(day: number) {
  return day >= 1 && day <= 31;
}

/** US: "March fifth, twenty twenty-four". Commonwealth: "the fifth of March twenty twenty-four". */
function speakDate(ctx: EnglishContext, month: number, day: number, year: string | undefined): string {
  const name = MONTHS[month - 1] ?? '';
  if (ctx.variant === 'gb') return `the ${ordinal(day)} of ${name}${year ? ` ${spokenYear(year)}` : ''}`;
  return `${name} ${ordinal(day)}${year ? `, ${spokenYear(year)}` : ''}`;
}

const ISO_DATE = /(?<![\w.-])(\d{4})-(\d{2})-(\d{2})(?![\w-]|\.\d)/g;
const NUMERIC_DATE = /(?<![\w./-])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\w/]|\.\d)/g;
const MONTH_DAY = new RegExp(
  String.raw`\b(${MONTH}) (\d{1,2})(?:st|nd|rd|th)?(?![\d:]|\.\d)(?:,? (\d{4})(?![\w-]|\.\d))?`,
  'g',
);
const DAY_MONTH = new RegExp(
  String.raw`(?<![\w.,])(\d{1,2})(?:st|nd|rd|th)? (?:of )?(${MONTH})(?: (\d{4})(?![\w-]|\.\d))?`,
  'g',
);

// "3:30 pm", "15:45", "10:00:30", "9 a.m.": hours and minutes, optional seconds and meridiem.
const MERIDIEM = String.raw`(?: ?([AaPp])\.?[Mm]\b\.?)`;
const CLOCK = new RegExp(String.raw`(?<![\w.:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])${MERIDIEM}?`, 'g');
const HOUR_MERIDIEM = new RegExp(String.raw`(?<![\w.:])(\d{1,2})${MERIDIEM}`, 'g');
// "3:1", "16:9": one digit after the colon is a ratio, not a time.
const RATIO = /(?<![\w.:])(\d+):(\d)(?![\d:])/g;

function meridiem(letter: string | undefined, match: string, text: string, end: number): string {
  if (letter === undefined) return '';
  // espeak reads "PM" as the letters; a dotted "p.m." that ended the sentence keeps its full stop.
  const stop = match.endsWith('.') && closesSentence(text, end) ? '.' : '';
  return ` ${letter.toUpperCase()}M${stop}`;
}

function speakClock(hours: number, minutes: number, hasMeridiem: boolean): string {
  const hour = cardinal(hours);
  if (minutes === 0) {
    if (hasMeridiem) return hour;
    return hours === 0 || hours > 12 ? `${hour} hundred` : `${hour} o'clock`;
  }
  return minutes < 10 ? `${hour} oh ${cardinal(minutes)}` : `${hour} ${cardinal(minutes)}`;
}

export const dateTimeRules: readonly EnglishRule[] = [
  regexRule('dates.iso', ISO_DATE, (ctx, m, [y = '', mo, d]) => {
    const month = Number(mo);
    const day = Number(d);
    if (month < 1 || month > 12 || !validDay(day)) return m;
    return speakDate(ctx, month, day, y);
  }),
  regexRule('dates.numeric', NUMERIC_DATE, (ctx, m, [a, b, y]) => {
    let month = Number(ctx.variant === 'gb' ? b : a);
    let day = Number(ctx.variant === 'gb' ? a : b);
    // "25/12/2024" cannot be month/day: read it the other way round.
    if (month > 12 && day <= 12) [month, day] = [day, month];
    if (month < 1 || month > 12 || !validDay(day)) return m;
    return speakDate(ctx, month, day, y);
  }),
  regexRule('dates.month-day', MONTH_DAY, (_ctx, m, [mo = '', d, y]) => {
    const day = Number(d);
    if (!validDay(day)) return m;
    return `${monthName(mo)} ${ordinal(day)}${y ? `, ${yearWords(Number(y))}` : ''}`;
  }),
  regexRule('dates.day-month', DAY_MONTH, (_ctx, m, [d, mo = '', y], offset, text) => {
    const day = Number(d);
    if (!validDay(day)) return m;
    const article = /\bthe $/i.test(text.slice(Math.max(0, offset - 4), offset)) ? '' : 'the ';
    return `${article}${ordinal(day)} of ${monthName(mo)}${y ? ` ${yearWords(Number(y))}` : ''}`;
  }),
  regexRule('times.clock', CLOCK, (_ctx, m, [h, mi, s, ap], offset, text) => {
    const hours = Number(h);
    const minutes = Number(mi);
    const seconds = s === undefined ? 0 : Number(s);
    if (hours > 24 || minutes > 59 || seconds > 59 || (ap !== undefined && (hours === 0 || hours > 12)))
      return m;
    const clock = speakClock(hours, minutes, ap !== undefined);
    const extra = seconds > 0 ? ` and ${cardinal(seconds)} second${seconds === 1 ? '' : 's'}` : '';
    return clock + extra + meridiem(ap, m, text, offset + m.length);
  }),
  regexRule('times.hour', HOUR_MERIDIEM, (_ctx, m, [h, ap], offset, text) => {
    const hours = Number(h);
    if (hours < 1 || hours > 12) return m;
    return cardinal(hours) + meridiem(ap, m, text, offset + m.length);
  }),
  regexRule(
    'times.ratio',
    RATIO,
    (_ctx, _m, [a = '', b = '']) => `${cardinal(Number(a))} to ${cardinal(Number(b))}`,
  ),
];
