/**
 * A document's text as it may appear in a log: the first and last fifth kept (so an operator
 * can tell which passage it was), the middle 60% replaced by a count. Never a whole sentence.
 */
export function maskText(text: string): string {
  const chars = [...text];
  const keep = Math.min(Math.floor(chars.length * 0.2), 24);
  const masked = chars.length - 2 * keep;
  if (chars.length === 0) return '';
  if (keep === 0) return `[${chars.length} chars masked]`;
  return `${chars.slice(0, keep).join('')}…[${masked} chars masked]…${chars.slice(chars.length - keep).join('')}`;
}

/** Quoted runs this long in a log line are treated as user text and masked. */
const QUOTED = /"([^"\n]{24,})"/g;

/** A safety net for log lines: masks any long quoted run, in case a message quotes input text. */
export function maskQuoted(line: string): string {
  return line.replace(QUOTED, (_, inner: string) => `"${maskText(inner)}"`);
}
