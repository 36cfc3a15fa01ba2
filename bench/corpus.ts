import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const DEFAULT_CORPUS = resolve(__dirname, '../../shared/corpus/the-time-machine.gutenberg.txt');

/** The book's paragraphs, without the Project Gutenberg header and footer. */
export function corpusParagraphs(path = DEFAULT_CORPUS): string[] {
  const raw = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
  const start = raw.search(/^\*\*\* START OF .*$/m);
  const end = raw.search(/^\*\*\* END OF .*$/m);
  const body = raw.slice(start >= 0 ? raw.indexOf('\n', start) + 1 : 0, end >= 0 ? end : undefined);
  return body
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}
