import { regexRule } from '../pipeline';
import { NUMBER, type EnglishRule } from './english-context';
import { cardinal, numberWords } from './number-words';

interface Currency {
  one: string;
  many: string;
  /** The hundredth part, if amounts are written with one: cent/cents, penny/pence. */
  minorOne?: string;
  minorMany?: string;
}

const DOLLAR: Currency = { one: 'dollar', many: 'dollars', minorOne: 'cent', minorMany: 'cents' };
const EURO: Currency = { one: 'euro', many: 'euros', minorOne: 'cent', minorMany: 'cents' };
const POUND: Currency = { one: 'pound', many: 'pounds', minorOne: 'penny', minorMany: 'pence' };
const YEN: Currency = { one: 'yen', many: 'yen' };

const CURRENCIES: Record<string, Currency> = {
  $: DOLLAR,
  US$: DOLLAR,
  USD: DOLLAR,
  '€': EURO,
  EUR: EURO,
  '£': POUND,
  GBP: POUND,
  '¥': YEN,
  JPY: YEN,
};

const SCALES: Record<string, string> = {
  thousand: 'thousand',
  million: 'million',
  billion: 'billion',
  trillion: 'trillion',
  k: 'thousand',
  K: 'thousand',
  m: 'million',
  M: 'million',
  mn: 'million',
  bn: 'billion',
  b: 'billion',
  B: 'billion',
  tn: 'trillion',
};

/** "3.50" dollars → "three dollars and fifty cents"; "0.99" pounds → "ninety-nine pence". */
export function speakAmount(amount: string, currency: Currency): string {
  const plain = amount.replace(/,/g, '');
  const [whole = '0', fraction] = plain.split('.');
  if (fraction === undefined || currency.minorMany === undefined || fraction.length > 2) {
    const unit = plain === '1' ? currency.one : currency.many;
    return `${numberWords(amount)} ${unit}`;
  }
  const major = BigInt(whole === '' ? '0' : whole);
  const minor = Number(fraction.padEnd(2, '0'));
  const parts: string[] = [];
  if (major > 0n || minor === 0)
    parts.push(`${cardinal(major)} ${major === 1n ? currency.one : currency.many}`);
  if (minor > 0) parts.push(`${cardinal(minor)} ${minor === 1 ? currency.minorOne : currency.minorMany}`);
  return parts.join(' and ');
}

const SYMBOL = String.raw`US\$|[$€£¥]|(?:USD|EUR|GBP|JPY) ?`;
const SCALE = String.raw`(?: (thousand|million|billion|trillion)\b| ?(k|K|m|M|mn|bn|b|B|tn)\b)`;
// "$3.50", "-$5", "€20", "$2.5 million", "$5m", "USD 40", "$10–20".
const PREFIXED = new RegExp(
  String.raw`(?<![\w$€£¥])([-−])?(${SYMBOL})(${NUMBER})(?: ?[–—-] ?(?:${SYMBOL})?(${NUMBER}))?${SCALE}?`,
  'g',
);
// "20€", "40 USD", "5¢".
const SUFFIXED = new RegExp(String.raw`(?<![\w.,])(${NUMBER}) ?(€|USD|EUR|GBP|JPY|¢)(?!\w)`, 'g');

export const currencyRules: readonly EnglishRule[] = [
  regexRule(
    'currency.prefixed',
    PREFIXED,
    (_ctx, m, [minus, symbol = '', amount = '', upper, scaleWord, scaleAbbr]) => {
      const currency = CURRENCIES[symbol.trim()];
      if (currency === undefined) return m;
      const sign = minus ? 'minus ' : '';
      const scale = SCALES[scaleWord ?? scaleAbbr ?? ''];
      if (scale !== undefined) {
        const low = numberWords(amount);
        const range = upper === undefined ? '' : ` to ${numberWords(upper)}`;
        return `${sign}${low}${range} ${scale} ${currency.many}`;
      }
      if (upper !== undefined) return `${sign}${numberWords(amount)} to ${speakAmount(upper, currency)}`;
      return sign + speakAmount(amount, currency);
    },
  ),
  regexRule('currency.suffixed', SUFFIXED, (_ctx, m, [amount = '', symbol = '']) => {
    if (symbol === '¢') return `${numberWords(amount)} ${amount === '1' ? 'cent' : 'cents'}`;
    const currency = CURRENCIES[symbol];
    return currency === undefined ? m : speakAmount(amount, currency);
  }),
];
