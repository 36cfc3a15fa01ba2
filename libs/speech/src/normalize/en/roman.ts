import { regexRule } from '../pipeline';
import type { EnglishRule } from './english-context';
import { cardinal, ordinal } from './number-words';

const STRICT_ROMAN = /^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/;
const VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

/** The value of a well-formed numeral ("XIV" → 14), or undefined ("IIII", "MIXX", "DIM"). */
export function romanValue(numeral: string): number | undefined {
  const upper = numeral.toUpperCase();
  if (upper === '' || !STRICT_ROMAN.test(upper)) return undefined;
  let total = 0;
  for (let i = 0; i < upper.length; i++) {
    const value = VALUES[upper.charAt(i)] ?? 0;
    const next = VALUES[upper.charAt(i + 1)] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/** Words after which a numeral counts things: "Chapter XII", "World War II", "Super Bowl LVII". */
const COUNTING_WORDS =
  'Chapter|Part|Book|Volume|Act|Scene|Section|Canto|Appendix|Article|Episode|Season|Phase|Stage|Level|Round|Psalm|Article|War|Bowl|Vatican';
const COUNTING = new RegExp(
  String.raw`\b(${COUNTING_WORDS}|${COUNTING_WORDS.toUpperCase()}) ([IVXLCDM]+|[ivxlc]+)\b`,
  'g',
);

/** First names that take regnal numbers: "Louis XIV" → "Louis the fourteenth". */
const REGNAL_NAMES =
  'Henry|Louis|George|Edward|Elizabeth|Charles|James|William|Richard|John|Paul|Pius|Leo|Gregory|Benedict|Innocent|Clement|Urban|Boniface|Sixtus|Philip|Frederick|Friedrich|Napoleon|Peter|Catherine|Mary|Anne|Alexander|Nicholas|Ivan|Ludwig|Wilhelm|Alfonso|Ferdinand|Carlos|Juan|Gustav|Gustavus|Christian|Olaf|Harald|Haakon|Ramesses|Rameses|Ptolemy|Constantine|Otto|Umberto|Victor|Emmanuel|Pedro|Manuel|Sancho|Edmund|Harold|Stephen|David|Robert|Malcolm|Leopold|Joseph|Franz|Karl|Rudolf|Albert|Felipe|Francis|Selim|Mehmed|Suleiman|Amenhotep|Thutmose|Darius|Xerxes|Antiochus|Herod|Cosimo|Lorenzo';
const REGNAL = new RegExp(String.raw`\b(${REGNAL_NAMES}) ([IVXL]+)\b`, 'g');
/** "Charles I think…" is a pronoun: a lone I after a name is a numeral only before these. */
const I_AS_PRONOUN_NEXT =
  /^ (?:am|think|thought|have|will|would|could|can|know|knew|said|say|must|shall|do|did|see|saw|want|need|feel|felt|hope|believe|mean|guess|suppose|told|went|met|love|like)\b/;

// A heading that opens with a numeral: "IV. The Descent", "XII".
const HEADING_NUMERAL = /^( *)([IVXLCDM]+|[ivxlc]+)(?![\w'’])/g;

export const romanRules: readonly EnglishRule[] = [
  regexRule('roman.counting', COUNTING, (_ctx, m, [word = '', numeral = '']) => {
    const value = romanValue(numeral);
    // "Appendix C", "Part D": single letters other than I, V and X are labels, not numbers.
    if (value === undefined || (numeral.length === 1 && !/^[IVXivx]$/.test(numeral))) return m;
    return `${word} ${cardinal(value)}`;
  }),
  regexRule('roman.regnal', REGNAL, (_ctx, m, [name = '', numeral = ''], offset, text) => {
    const value = romanValue(numeral);
    if (value === undefined) return m;
    if (numeral === 'I' && I_AS_PRONOUN_NEXT.test(text.slice(offset + m.length, offset + m.length + 12)))
      return m;
    return `${name} the ${ordinal(value)}`;
  }),
  regexRule('roman.heading', HEADING_NUMERAL, (ctx, m, [space = '', numeral = ''], offset, text) => {
    const value = ctx.heading ? romanValue(numeral) : undefined;
    if (value === undefined) return m;
    // Only the heading's first word: "THE MIX" keeps its word. "I Am Legend" keeps its pronoun,
    // while "I." or "I:" is a number.
    const standsApart = /^\s*(?:[.:)—–-]|$)/.test(text.slice(offset + m.length));
    return standsApart || numeral.length > 1 ? space + cardinal(value) : m;
  }),
];
