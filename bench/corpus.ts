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

/**
 * The fixed benchmark text: the book's paragraphs from the first chapter on (paragraph 6),
 * whole paragraphs until there are at least `minChars` characters.
 */
export function benchParagraphs(path = DEFAULT_CORPUS, minChars = 20_000): string[] {
  const out: string[] = [];
  let chars = 0;
  for (const p of corpusParagraphs(path).slice(6)) {
    if (chars >= minChars) break;
    out.push(p);
    chars += p.length;
  }
  return out;
}

/** Sentences as the API cuts them (Intl.Segmenter), in document order. */
export function sentencesOf(paragraphs: string[]): string[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  return paragraphs.flatMap((p) => [...segmenter.segment(p)].map((s) => s.segment.trim()).filter(Boolean));
}
