/**
 * The sentences of `text` (20 characters or more) that appear whole in any of the log lines:
 * the logs must never hold a document's text, only masked excerpts.
 */
export function sentencesInLogs(text: string, lines: readonly string[]): string[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const sentences = [...segmenter.segment(text)].map((s) => s.segment.trim()).filter((s) => s.length >= 20);
  if (sentences.length === 0)
    throw new Error('nothing to scan for: the text has no sentence of 20+ characters');
  const log = lines.join('\n');
  return sentences.filter((s) => log.includes(s));
}
