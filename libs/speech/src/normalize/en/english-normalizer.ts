import { normalizeWhitespace, runPipeline, tidySpaces } from '../pipeline';
import type { NormalizeContext, TextNormalizer } from '../text-normalizer';
import { abbreviationRules } from './abbreviations';
import { acronymRules } from './acronyms';
import { currencyRules } from './currency';
import { dateTimeRules } from './dates-times';
import type { EnglishContext, EnglishRule, EnglishVariant } from './english-context';
import { numberRules } from './numbers';
import { phoneRules } from './phone-numbers';
import { romanRules } from './roman';
import { numericSymbolRules, symbolRules } from './symbols';
import { unitRules } from './units';
import { webRules } from './web';

/**
 * The order matters: each rule consumes the digits and symbols it understands, so later, more
 * general rules only see what is left. Addresses go first (their dots and digits are not
 * numbers), then the most specific numeric shapes (phones, dates, money, units), then plain
 * numbers, and words (roman numerals, acronyms, leftover symbols) last.
 */
export const ENGLISH_RULES: readonly EnglishRule[] = [
  ...webRules,
  ...phoneRules,
  ...abbreviationRules,
  ...dateTimeRules,
  ...currencyRules,
  ...unitRules,
  ...numericSymbolRules,
  ...numberRules,
  ...romanRules,
  ...acronymRules,
  ...symbolRules,
];

const COMMONWEALTH = new Set(['gb', 'uk', 'au', 'nz', 'ie', 'za', 'in']);

export function englishVariant(language: string): EnglishVariant {
  const region = language.toLowerCase().split(/[-_]/)[1];
  return region !== undefined && COMMONWEALTH.has(region) ? 'gb' : 'us';
}

export class EnglishNormalizer implements TextNormalizer {
  private readonly variant: EnglishVariant;

  constructor(readonly language: string) {
    this.variant = englishVariant(language);
  }

  normalize(text: string, ctx: NormalizeContext = {}): string {
    const context: EnglishContext = { heading: ctx.heading ?? false, variant: this.variant };
    return tidySpaces(runPipeline(ENGLISH_RULES, normalizeWhitespace(text), context));
  }
}
