import type { Rule } from '../pipeline';

/** Spelling and date order: US ("meter", month/day) or Commonwealth ("metre", day/month). */
export type EnglishVariant = 'us' | 'gb';

export interface EnglishContext {
  readonly heading: boolean;
  readonly variant: EnglishVariant;
}

export type EnglishRule = Rule<EnglishContext>;

/** A written number: "1,234.5", "3.14", "42". Alternatives are disjoint, so no backtracking blow-up. */
export const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
/** Characters that mean a number is glued to a word or another number and is not free-standing. */
export const NOT_BEFORE_NUMBER = String.raw`(?<![\w.,])`;
export const NOT_AFTER_NUMBER = String.raw`(?![\w]|[.,]\d)`;

/** Capitalized words that usually open a sentence rather than continue a name ("Main St. The house…"). */
export const SENTENCE_STARTERS = new Set(
  'The A An It He She We They I You This That These Those There Then But And So Yet In On At His Her Our My Its Their When After Before'.split(
    ' ',
  ),
);
