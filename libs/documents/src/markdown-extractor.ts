import MarkdownIt from 'markdown-it';
import { extractHtml } from './html-extractor';
import type { RawBlock } from './parsed-document';

type Token = MarkdownIt.Token;

// Raw HTML is parsed (not shown as literal tags) so it can be read through the HTML extractor or dropped.
const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });

/**
 * Walks markdown-it's block tokens: every inline run becomes a block (a heading inside `heading_open`,
 * a paragraph otherwise, which covers list items, blockquotes and table cells). Fenced and indented
 * code produce no inline tokens, so they vanish; raw HTML blocks go through the HTML extractor.
 */
export function extractMarkdown(source: string): RawBlock[] {
  const blocks: RawBlock[] = [];
  let headingLevel = 0;
  for (const token of markdown.parse(source, {})) {
    switch (token.type) {
      case 'heading_open':
        headingLevel = Number(token.tag.slice(1));
        break;
      case 'heading_close':
        headingLevel = 0;
        break;
      case 'inline': {
        const text = inlineText(token.children ?? []);
        blocks.push(
          headingLevel > 0 ? { kind: 'heading', text, level: headingLevel } : { kind: 'paragraph', text },
        );
        break;
      }
      case 'html_block':
        blocks.push(...extractHtml(token.content));
        break;
      default:
        break;
    }
  }
  return blocks;
}

function inlineText(children: Token[]): string {
  const pieces: string[] = [];
  for (const child of children) {
    switch (child.type) {
      case 'text':
      case 'code_inline':
        pieces.push(child.content);
        break;
      case 'softbreak':
      case 'hardbreak':
        pieces.push(' ');
        break;
      case 'html_inline':
        if (/^<br\b/i.test(child.content)) pieces.push(' ');
        break;
      // Images (alt text included) are dropped; links keep their text, which arrives as text tokens.
      default:
        break;
    }
  }
  return pieces.join('');
}
