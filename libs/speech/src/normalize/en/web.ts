import { regexRule } from '../pipeline';
import type { EnglishRule } from './english-context';
import { spellDigits } from './number-words';

const SPOKEN_CHARS: Record<string, string> = {
  '.': 'dot',
  '/': 'slash',
  '-': 'dash',
  _: 'underscore',
  '@': 'at',
  ':': 'colon',
  '?': 'question mark',
  '=': 'equals',
  '&': 'and',
  '#': 'hash',
  '~': 'tilde',
  '+': 'plus',
  '%': 'percent',
};

/** "jane.doe@example.org" → "jane dot doe at example dot org"; digits one by one. */
export function speakAddress(address: string): string {
  const words = address
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '')
    .replace(/\bwww\./gi, 'w w w.')
    .replace(/[./\-_@:?=&#~+%]/g, (ch) => ` ${SPOKEN_CHARS[ch] ?? ''} `)
    .replace(/\d+/g, (digits) => ` ${spellDigits(digits)} `);
  return words.replace(/\s+/g, ' ').trim();
}

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][\w.%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
// Trailing sentence punctuation is not part of the address.
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'()[\]]*[^\s<>"'()[\].,;:!?]/gi;
const TLDS = 'com|org|net|edu|gov|io|dev|ai|app|info|co\\.uk|org\\.uk|uk|de|fr|eu|ca|au';
const BARE_DOMAIN = new RegExp(
  String.raw`(?<![\w@.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:${TLDS})\b(?:\/[^\s<>"'()]*[^\s<>"'().,;:!?])?`,
  'g',
);

export const webRules: readonly EnglishRule[] = [
  regexRule('web.email', EMAIL, (_ctx, m) => speakAddress(m)),
  regexRule('web.url', URL, (_ctx, m) => speakAddress(m)),
  regexRule('web.domain', BARE_DOMAIN, (_ctx, m) => speakAddress(m)),
];
