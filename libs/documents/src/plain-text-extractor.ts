import type { RawBlock } from './parsed-document';

/** Plain text (a Gutenberg file included): paragraphs are separated by blank lines, nothing else is markup. */
export function extractPlainText(text: string): RawBlock[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => ({ kind: 'paragraph', text: paragraph }));
}
