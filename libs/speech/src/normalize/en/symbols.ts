import { regexRule } from '../pipeline';
import type { EnglishRule } from './english-context';

/** Symbols that read differently before a number; these run before numbers become words. */
export const numericSymbolRules: readonly EnglishRule[] = [
  regexRule('symbols.number-sign', /#(?=\d)/g, () => 'number '),
  regexRule('symbols.about', /(?<![\w~])~ ?(?=[\d$€£¥])/g, () => 'about '),
  regexRule('symbols.times', /(?<=\d) ?[×✕] ?(?=\d)/g, () => ' times '),
  regexRule('symbols.plus-number', /(?<=^|[\s(])\+(?=\d)/g, () => 'plus '),
];

const WORDS: Record<string, string> = {
  '&': 'and',
  '#': 'hash',
  '@': 'at',
  '+': 'plus',
  '=': 'equals',
  '×': 'times',
  '≈': 'approximately',
  '~': 'about',
  '%': 'percent',
  '°': 'degrees',
  $: 'dollar',
  '€': 'euro',
  '£': 'pound',
  '¥': 'yen',
  '§': 'section',
  '¶': 'paragraph',
  '©': 'copyright',
  '<': 'less than',
  '>': 'greater than',
};

/** Slash between words: "and/or" → "and or", "his/her" → "his or her". */
function slash(left: string, right: string): string {
  return /^(?:and|or)$/i.test(left) || /^(?:and|or)$/i.test(right) ? ' ' : ' or ';
}

export const symbolRules: readonly EnglishRule[] = [
  regexRule(
    'symbols.slash',
    /(?<![A-Za-z])([A-Za-z]+)\/(?=([A-Za-z]+)\b)/g,
    (_ctx, _m, [left = '', right = '']) => left + slash(left, right),
  ),
  // "C++" and "AT&T": the symbol is read, spaced from its neighbours.
  regexRule('symbols.words', /[&#@+=×≈~%°$€£¥§¶©<>]/g, (_ctx, m) => ` ${WORDS[m] ?? ''} `),
  regexRule('symbols.drop', /[*_|™®^]+|(?<=\s)\/(?=\s)/g, () => ' '),
];
