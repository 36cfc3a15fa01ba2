import { Parser } from 'htmlparser2';
import type { RawBlock } from './parsed-document';

/** Elements whose content is never read aloud. */
const SKIPPED_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'svg']);

const HEADING_LEVELS = new Map([
  ['h1', 1],
  ['h2', 2],
  ['h3', 3],
  ['h4', 4],
  ['h5', 5],
  ['h6', 6],
]);

/** Opening or closing one of these ends the text collected so far; anything else is inline. */
const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/**
 * Streams the HTML through htmlparser2 (no DOM is built) and collects the readable text per block.
 * Entities are decoded by the parser; `<br>` becomes a space; code inside `<pre>` is dropped like
 * Markdown code blocks are.
 */
export function extractHtml(html: string): RawBlock[] {
  const blocks: RawBlock[] = [];
  let pieces: string[] = [];
  let headingLevel = 0;
  // Counts every element opened inside a skipped one; htmlparser2 reports a close for each open.
  let skipDepth = 0;
  let preDepth = 0;

  const flush = () => {
    if (pieces.length === 0) return;
    const text = pieces.join('');
    pieces = [];
    blocks.push(
      headingLevel > 0 ? { kind: 'heading', text, level: headingLevel } : { kind: 'paragraph', text },
    );
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (
          skipDepth > 0 ||
          SKIPPED_ELEMENTS.has(name) ||
          'hidden' in attributes ||
          (name === 'code' && preDepth > 0)
        ) {
          skipDepth++;
          return;
        }
        if (name === 'br') {
          pieces.push(' ');
          return;
        }
        const level = HEADING_LEVELS.get(name);
        if (level !== undefined) {
          flush();
          headingLevel = level;
        } else if (BLOCK_ELEMENTS.has(name)) {
          flush();
          if (name === 'pre') preDepth++;
        }
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (HEADING_LEVELS.has(name)) {
          flush();
          headingLevel = 0;
        } else if (BLOCK_ELEMENTS.has(name)) {
          flush();
          if (name === 'pre') preDepth--;
        }
      },
      ontext(text) {
        if (skipDepth === 0) pieces.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  flush();
  return blocks;
}
