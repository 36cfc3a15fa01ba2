import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { extractHtml } from './html-extractor';
import { extractMarkdown } from './markdown-extractor';
import { assembleDocument, type ParsedDocument, type RawBlock } from './parsed-document';
import { extractPlainText } from './plain-text-extractor';
import { cleanSourceText } from './source-text';
import { extractSsml } from './ssml-extractor';

export type DocumentInput =
  | { kind: 'text'; text: string }
  | { kind: 'ssml'; ssml: string }
  | { kind: 'file'; filename: string; contentType?: string; body: Buffer };

type DocumentFormat = 'text' | 'markdown' | 'html';

const FORMAT_BY_EXTENSION = new Map<string, DocumentFormat>([
  ['txt', 'text'],
  ['text', 'text'],
  ['md', 'markdown'],
  ['markdown', 'markdown'],
  ['html', 'html'],
  ['htm', 'html'],
]);

const FORMAT_BY_CONTENT_TYPE = new Map<string, DocumentFormat>([
  ['text/plain', 'text'],
  ['text/markdown', 'markdown'],
  ['text/x-markdown', 'markdown'],
  ['text/html', 'html'],
]);

// Not fatal: invalid byte sequences become U+FFFD instead of failing the upload. Also drops a BOM.
const utf8 = new TextDecoder('utf-8');

/**
 * Turns submitted text or an uploaded file into headings and paragraphs over one canonical text.
 * Throws `unsupported_document` for a format it cannot read; returns no blocks when nothing readable
 * is left, which callers refuse.
 */
export function ingestDocument(input: DocumentInput): ParsedDocument {
  if (input.kind === 'text') return assembleDocument(extractPlainText(cleanSourceText(input.text)));
  if (input.kind === 'ssml') return assembleDocument(extractSsml(cleanSourceText(input.ssml)));
  const format = detectFormat(input.filename, input.contentType);
  return assembleDocument(extract(format, cleanSourceText(utf8.decode(input.body))));
}

function extract(format: DocumentFormat, source: string): RawBlock[] {
  switch (format) {
    case 'text':
      return extractPlainText(source);
    case 'markdown':
      return extractMarkdown(source);
    case 'html':
      return extractHtml(source);
  }
}

/**
 * A known extension wins over the content type: browsers label `.md` uploads as text/plain or
 * application/octet-stream. The content type only decides for names without a known extension.
 */
function detectFormat(filename: string, contentType: string | undefined): DocumentFormat {
  const format =
    FORMAT_BY_EXTENSION.get(extensionOf(filename)) ??
    FORMAT_BY_CONTENT_TYPE.get(mediaTypeOf(contentType ?? ''));
  if (format !== undefined) return format;
  throw new DomainError(
    ERROR_CODES.UNSUPPORTED_DOCUMENT,
    'Only plain text (.txt), Markdown (.md) and HTML (.html, .htm) documents are supported.',
    { filename, contentType: contentType ?? null },
  );
}

function extensionOf(filename: string): string {
  const base = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}
