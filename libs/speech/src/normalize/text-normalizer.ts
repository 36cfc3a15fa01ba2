export interface NormalizeContext {
  /** The text is a chapter or section heading: bare roman numerals there are numbers ("IV. The Descent"). */
  heading?: boolean;
}

/**
 * Rewrites written text into the words a narrator would say, before phonemization, so that
 * espeak-ng never has to guess at "$3.50", "1984" or "Dr.". Output keeps the punctuation that
 * shapes prosody (sentence ends, commas, question marks).
 */
export interface TextNormalizer {
  /** The language tag this normalizer was resolved for, lower-case with a hyphen ("en-us"). */
  readonly language: string;
  normalize(text: string, ctx?: NormalizeContext): string;
}
