/**
 * What a submitted text may not carry into the pipeline, removed before any parser sees it:
 * - lone surrogates (malformed UTF-16 from JSON escapes) and U+FFFD (bytes that were not UTF-8);
 * - private-use code points, which the pipeline reserves for its own pause and rate markers;
 * - invisible format characters (bidi overrides, zero-width joiners, soft hyphens), which
 *   change nothing audible but can hide text from a reviewer.
 */
const INVISIBLE_OR_RESERVED = /[\p{Co}\p{Cf}\uFFFD]/gu;

export function cleanSourceText(text: string): string {
  return text.toWellFormed().replace(INVISIBLE_OR_RESERVED, '');
}
