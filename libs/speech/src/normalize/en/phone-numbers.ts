import { regexRule } from '../pipeline';
import type { EnglishRule } from './english-context';
import { spellDigits } from './number-words';

/** Each group of digits read one by one, a comma (a short pause) between groups. */
function speakPhone(raw: string): string {
  const groups = raw.match(/\d+/g) ?? [];
  const spoken = groups.map(spellDigits).join(', ');
  return raw.trimStart().startsWith('+') ? `plus ${spoken}` : spoken;
}

// "555-123-4567", "555.123.4567", "(555) 123-4567", "1-800-555-1234". Bare 7-digit "555-1234" is
// left out on purpose: it collides with ranges such as "100-1000".
const NORTH_AMERICAN = /(?<![\w+\-.])(?:1[-.])?(?:\(\d{3}\) ?|\d{3}[-.])\d{3}[-.]\d{4}(?![\w-]|\.\d)/g;
// "+1 555 123 4567", "+44 20 7946 0958": a country code, then two to five groups.
const INTERNATIONAL = /(?<![\w+])\+\d{1,3}(?:[ .-]\(?\d{1,4}\)?){2,5}(?![\w-]|\.\d)/g;

export const phoneRules: readonly EnglishRule[] = [
  regexRule('phone.international', INTERNATIONAL, (_ctx, m) => speakPhone(m)),
  regexRule('phone.north-american', NORTH_AMERICAN, (_ctx, m) => speakPhone(m)),
];
