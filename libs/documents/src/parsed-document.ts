export type BlockKind = 'heading' | 'paragraph';

export interface Block {
  kind: BlockKind;
  text: string;
  /** UTF-16 offset of the block's first character in `ParsedDocument.text`. */
  charStart: number;
  /** UTF-16 offset just past the block's last character in `ParsedDocument.text`. */
  charEnd: number;
}

export interface ParsedDocument {
  /** Text of the first level-1 heading, when the document has one. */
  title?: string;
  /** Empty when nothing speakable survived parsing; callers refuse such documents. */
  blocks: Block[];
  /** Canonical plain text: the blocks' texts joined with a blank line. */
  text: string;
}

/** A block as an extractor found it, before whitespace is normalized and offsets are assigned. */
export interface RawBlock {
  kind: BlockKind;
  text: string;
  /** 1–6 for headings. */
  level?: number;
}

export const BLOCK_SEPARATOR = '\n\n';

// Control characters (other than the whitespace ones \s already covers) only confuse the phonemizer.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const WHITESPACE_RUN = /[\s\u0000-\u0008\u000e-\u001f\u007f]+/g;

export function normalizeWhitespace(text: string): string {
  return text.replace(WHITESPACE_RUN, ' ').trim();
}

/** Normalizes each block, drops the empty ones and lays them out in one canonical text. */
export function assembleDocument(rawBlocks: Iterable<RawBlock>): ParsedDocument {
  const blocks: Block[] = [];
  const parts: string[] = [];
  let offset = 0;
  let title: string | undefined;
  for (const raw of rawBlocks) {
    const text = normalizeWhitespace(raw.text);
    if (text === '') continue;
    if (parts.length > 0) {
      parts.push(BLOCK_SEPARATOR);
      offset += BLOCK_SEPARATOR.length;
    }
    blocks.push({ kind: raw.kind, text, charStart: offset, charEnd: offset + text.length });
    parts.push(text);
    offset += text.length;
    if (title === undefined && raw.kind === 'heading' && raw.level === 1) title = text;
  }
  const document: ParsedDocument = { blocks, text: parts.join('') };
  if (title !== undefined) document.title = title;
  return document;
}
