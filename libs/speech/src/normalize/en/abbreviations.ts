import { closesSentence, regexRule } from '../pipeline';
import { SENTENCE_STARTERS, type EnglishRule } from './english-context';

/** Titles that always stand before a name, so their period never ends a sentence. */
const TITLES: Record<string, string> = {
  Mr: 'Mister',
  Mrs: 'Missus',
  Ms: 'Miz',
  Messrs: 'Messieurs',
  Prof: 'Professor',
  Rev: 'Reverend',
  Gen: 'General',
  Col: 'Colonel',
  Capt: 'Captain',
  Lt: 'Lieutenant',
  Sgt: 'Sergeant',
  Gov: 'Governor',
  Sen: 'Senator',
  Rep: 'Representative',
  Hon: 'Honorable',
  Fr: 'Father',
  Mt: 'Mount',
};
/** British style writes these without a period; the others need one to be told from words. */
const TITLE_WITHOUT_PERIOD = new Set(['Mr', 'Mrs', 'Ms', 'Prof', 'Messrs']);

/** Abbreviations that may end a sentence: their period stays when the next word is capitalized. */
const TRAILING: Record<string, string> = {
  etc: 'et cetera',
  Inc: 'Incorporated',
  Ltd: 'Limited',
  Corp: 'Corporation',
  Co: 'Company',
  Ave: 'Avenue',
  Blvd: 'Boulevard',
  Rd: 'Road',
  approx: 'approximately',
  Approx: 'Approximately',
  dept: 'department',
  Dept: 'Department',
  'et al': 'and others',
};

/** Latin and other mid-sentence abbreviations, keyed lower-case without periods. */
const INLINE: Record<string, string> = {
  eg: 'for example',
  ie: 'that is',
  aka: 'also known as',
  cf: 'compare',
  viz: 'namely',
  vs: 'versus',
};

/** Abbreviations that only count as such before a number: "No. 5", "Fig. 3", "pp. 10-20". */
const BEFORE_NUMBER: Record<string, string> = {
  no: 'number',
  nos: 'numbers',
  fig: 'figure',
  figs: 'figures',
  vol: 'volume',
  vols: 'volumes',
  p: 'page',
  pp: 'pages',
  ch: 'chapter',
  sec: 'section',
  eq: 'equation',
  art: 'article',
  c: 'circa',
  ca: 'circa',
};

/** Capitalized words that are not place names even though they precede "St." or "Dr.". */
const NOT_PLACE = new Set(
  'The A An And But Then When Dear Ask Asked Meet Met Call Called Tell Told Said See Saw Thanks Thank Yes No Oh Hello Good Poor Old Young'.split(
    ' ',
  ),
);

function capitalize(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function atSentenceStart(text: string, offset: number): boolean {
  if (offset === 0) return true;
  return /(?:^|[.!?:]["”’)]?\s+|\n\s*)$/.test(text.slice(Math.max(0, offset - 4), offset));
}

function previousWord(text: string, offset: number): string {
  const before = /([\w’'-]+)[ ,]*$/.exec(text.slice(Math.max(0, offset - 40), offset));
  return before?.[1] ?? '';
}

function nextWord(text: string, end: number): string {
  const after = /^ +([\w’'-]+)/.exec(text.slice(end, end + 40));
  return after?.[1] ?? '';
}

/**
 * "Dr." and "St." are a title before a name ("Dr. Smith", "St. Paul") and a street after one
 * ("Mulholland Dr.", "Baker St.", "5th St."). The street reading wins when a place-like word or a
 * number precedes and the next word is not a name (or is a word that starts a sentence).
 */
function titleOrStreet(
  text: string,
  offset: number,
  end: number,
  title: string,
  street: string,
  dotted: boolean,
) {
  const prev = previousWord(text, offset);
  const next = nextWord(text, end);
  const nextIsName = /^[A-Z]/.test(next) && !SENTENCE_STARTERS.has(next);
  const prevIsNumber = /^\d+(?:st|nd|rd|th)?$/i.test(prev);
  const prevIsPlace = prevIsNumber || (/^[A-Z][a-z]/.test(prev) && !NOT_PLACE.has(prev));
  if (prevIsPlace && !nextIsName) return street + (dotted && closesSentence(text, end) ? '.' : '');
  if (nextIsName || !dotted) return nextIsName ? title : null;
  return title === 'Doctor' ? title : street + (closesSentence(text, end) ? '.' : '');
}

const TITLE_RE = new RegExp(String.raw`\b(${Object.keys(TITLES).join('|')})(\.?)(?=\s|$)`, 'g');
const DR_ST_RE = /\b(Dr|St)(\.?)(?=[\s,;:!?)]|$)/g;
const SUFFIX_RE = /\b(Jr|Sr)(\.?)(?=[\s,;:!?)]|$)/g;
const TRAILING_RE = /(?<![\w.])(etc|Inc|Ltd|Corp|Co|Ave|Blvd|Rd|approx|Approx|dept|Dept|et al)\./g;
const INLINE_RE = /(?<![\w.])(e\.g|i\.e|a\.k\.a|cf|viz|vs|E\.g|I\.e)\.|(?<![\w.])vs(?= )/gi;
const BEFORE_NUMBER_RE = /(?<![\w.])(No|Nos|Fig|Figs|Vol|Vols|pp?|Ch|Sec|Eq|Art|ca?)\. ?(?=\d)/gi;
const BEFORE_ROMAN_RE = /(?<![\w.])(Vol|Ch|Sec|Art)\. ?(?=[IVXLC]+\b)/g;

function expandBeforeNumber(
  _ctx: unknown,
  m: string,
  [abbr = '']: (string | undefined)[],
  offset: number,
  text: string,
) {
  const words = BEFORE_NUMBER[abbr.toLowerCase()];
  if (words === undefined) return m;
  // A capital stays where it opens a sentence or a reference ("Vol. 2" → "Volume two"); mid-sentence
  // "Symphony No. 5" reads "number five".
  const capital =
    /^[A-Z]/.test(abbr) && (atSentenceStart(text, offset) || /^(?:Vol|Vols|Ch|Sec|Art)$/.test(abbr));
  return `${capital ? capitalize(words) : words} `;
}

export const abbreviationRules: readonly EnglishRule[] = [
  regexRule('abbreviations.dr-st', DR_ST_RE, (_ctx, m, [abbr, dot], offset, text) => {
    const expanded =
      abbr === 'Dr'
        ? titleOrStreet(text, offset, offset + m.length, 'Doctor', 'Drive', dot === '.')
        : titleOrStreet(text, offset, offset + m.length, 'Saint', 'Street', dot === '.');
    return expanded ?? m;
  }),
  regexRule('abbreviations.titles', TITLE_RE, (_ctx, m, [abbr = '', dot], offset, text) => {
    const next = text.slice(offset + m.length, offset + m.length + 8);
    if (dot === '' && !(TITLE_WITHOUT_PERIOD.has(abbr) && /^ +(?:[A-Z]|and M)/.test(next))) return m;
    return TITLES[abbr] ?? m;
  }),
  regexRule('abbreviations.suffixes', SUFFIX_RE, (_ctx, m, [abbr, dot], offset, text) => {
    if (!/[A-Z][\w’']*,? $/.test(text.slice(Math.max(0, offset - 40), offset))) return m;
    const words = abbr === 'Jr' ? 'Junior' : 'Senior';
    return words + (dot === '.' && closesSentence(text, offset + m.length) ? '.' : '');
  }),
  regexRule('abbreviations.trailing', TRAILING_RE, (_ctx, m, [abbr = ''], offset, text) => {
    if (abbr === 'Co' && !/[A-Z&][\w’']*,? $/.test(text.slice(Math.max(0, offset - 30), offset))) return m;
    return (TRAILING[abbr] ?? m) + (closesSentence(text, offset + m.length) ? '.' : '');
  }),
  regexRule('abbreviations.inline', INLINE_RE, (_ctx, m, [abbr]) => {
    const key = (abbr ?? 'vs').toLowerCase().replace(/\./g, '');
    const words = INLINE[key] ?? m;
    return /^[A-Z]/.test(m) ? capitalize(words) : words;
  }),
  regexRule('abbreviations.before-number', BEFORE_NUMBER_RE, expandBeforeNumber),
  regexRule('abbreviations.before-roman', BEFORE_ROMAN_RE, expandBeforeNumber),
];
