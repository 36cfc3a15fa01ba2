import { closesSentence, regexRule } from '../pipeline';
import { SENTENCE_STARTERS, type EnglishRule } from './english-context';

/**
 * All-caps words of two to five letters. Decision, in order:
 *  1. in SPELLED → letters ("FBI" → "F B I");
 *  2. in AS_WORD, or a word espeak already reads right (AM, PM, OK) → unchanged;
 *  3. no vowel (A E I O U) → letters ("HTML", "CNN");
 *  4. two or three letters with a vowel → unchanged: shouted words ("THE END", "NOT") outnumber
 *     unlisted initialisms, and espeak spells unknown caps itself;
 *  5. four or five letters → unchanged if they follow a consonant/vowel pattern English can say
 *     ("NASA", "SCUBA"), else letters ("USSR").
 */
const SPELLED = new Set(
  `FBI BBC CIA NSA USA UK US EU UN CEO CFO CTO COO IBM URL USB PDF HTML CSS API DNA RNA TV PC ID IQ AI UFO
  IRS EPA NBA NFL NHL MLB ABC CBS NBC CNN ESPN HBO IOU ATM GPS DVD CD MP VIP FAQ UCLA MIT NYU NYC LA DC
  NAACP ASAP ETA RSVP UAE USSR IMF WHO WTO NHS ITV RAF SAS KGB MI IRA IPO GDP HIV ICU ER OS IT UI SQL XML
  JSON AWS IEEE ISO MBA PHD BA MA BSC MSC OECD LLC EVP SUV RV BMW AOL GOP`.split(/\s+/),
);
const AS_WORD = new Set(
  `NASA NATO UNESCO UNICEF SCUBA LASER RADAR SONAR AIDS OPEC FIFA NAFTA COVID IKEA ASEAN INTERPOL AM PM OK
  GIF JPEG PIN CAPTCHA`.split(/\s+/),
);
const PRONOUNCEABLE = /^[^AEIOU]{0,2}[AEIOU]{1,2}(?:[^AEIOU]{1,2}[AEIOU]{1,2})*[^AEIOU]{0,2}$/;
const CAPS = /(?<![\w’'.-])([A-Z]{2,5})(?![\w-])/g;
// "U.S.", "U.S.A.", "D.C.": dotted initialisms.
const DOTTED = /(?<![\w.])((?:[A-Z]\.){2,})/g;

function spell(letters: string): string {
  return letters.split('').join(' ');
}

export function shouldSpell(word: string): boolean {
  if (SPELLED.has(word)) return true;
  if (AS_WORD.has(word)) return false;
  if (!/[AEIOU]/.test(word)) return true;
  if (word.length <= 3) return false;
  return !PRONOUNCEABLE.test(word);
}

export const acronymRules: readonly EnglishRule[] = [
  regexRule('acronyms.dotted', DOTTED, (_ctx, m, _groups, offset, text) => {
    const end = offset + m.length;
    // "the U.S. Army" goes on; "in the U.S. He left" and a final "U.S." end the sentence.
    const next = /^ +([\w’']+)/.exec(text.slice(end, end + 30))?.[1];
    const stop = next === undefined ? closesSentence(text, end) : SENTENCE_STARTERS.has(next);
    return spell(m.replace(/\./g, '')) + (stop ? '.' : '');
  }),
  regexRule('acronyms.caps', CAPS, (_ctx, m, [word = '']) => (shouldSpell(word) ? spell(word) : m)),
];
