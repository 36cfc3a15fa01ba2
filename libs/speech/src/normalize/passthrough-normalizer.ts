import { normalizeWhitespace } from './pipeline';
import type { TextNormalizer } from './text-normalizer';

/** For languages without rules yet: only Unicode and whitespace clean-up; espeak does the rest. */
export class PassthroughNormalizer implements TextNormalizer {
  constructor(readonly language: string) {}

  normalize(text: string): string {
    return normalizeWhitespace(text);
  }
}
