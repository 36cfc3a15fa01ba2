import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { describe, expect, it } from 'vitest';
import { ingestDocument } from './ingest-document';
import type { ParsedDocument } from './parsed-document';

const file = (filename: string, body: string | Buffer, contentType?: string) =>
  ingestDocument({
    kind: 'file',
    filename,
    body: typeof body === 'string' ? Buffer.from(body) : body,
    ...(contentType === undefined ? {} : { contentType }),
  });

const shape = (doc: ParsedDocument) => doc.blocks.map((block) => [block.kind, block.text]);

const expectSpansMatch = (doc: ParsedDocument) => {
  expect(doc.text).toBe(doc.blocks.map((block) => block.text).join('\n\n'));
  for (const block of doc.blocks) expect(doc.text.slice(block.charStart, block.charEnd)).toBe(block.text);
};

describe(ingestDocument.name, () => {
  describe('plain text', () => {
    it('splits paragraphs on blank lines and collapses the whitespace inside them', () => {
      const sut = file(
        'book.txt',
        'The first line\r\nwraps here.\r\n\r\n \t\r\n  Second   paragraph.\r\n\r\n\r\nThird.\n',
      );
      expect(shape(sut)).toEqual([
        ['paragraph', 'The first line wraps here.'],
        ['paragraph', 'Second paragraph.'],
        ['paragraph', 'Third.'],
      ]);
      expect(sut.title).toBeUndefined();
      expectSpansMatch(sut);
    });

    it('treats submitted text as plain text, a leading # included', () => {
      const sut = ingestDocument({ kind: 'text', text: '# not a heading\n\n*not emphasis*' });
      expect(shape(sut)).toEqual([
        ['paragraph', '# not a heading'],
        ['paragraph', '*not emphasis*'],
      ]);
      expect(sut.title).toBeUndefined();
    });

    it('drops bytes that are not UTF-8 and a BOM', () => {
      const body = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('caf'),
        Buffer.from([0xc3]),
        Buffer.from(' ok'),
      ]);
      const sut = file('notes.txt', body);
      expect(sut.text).toBe('caf ok');
    });
  });

  describe('hostile characters', () => {
    it('removes lone surrogates, private-use markers and invisible format characters', () => {
      const text = 'Evil\uD800 twin\uE002\uE6FF\uE003 says \u202Eolleh\u202C and\u200B co\u00ADoperate.';
      const sut = ingestDocument({ kind: 'text', text });
      expect(sut.text).toBe('Evil twin says olleh and cooperate.');
    });

    it('removes them from SSML before parsing, so a document cannot forge pause markers', () => {
      const sut = ingestDocument({ kind: 'ssml', ssml: '<speak>A\uE002\uE6FF\uE003 b.</speak>' });
      expect(sut.text).toBe('A b.');
    });
  });

  describe('markdown', () => {
    it('keeps headings, paragraphs, list items, quotes and link text; drops code and images', () => {
      const sut = file(
        'story.md',
        [
          'Book Title',
          '==========',
          '',
          'Read [the *manual*](https://example.com/manual) now. ![a diagram](d.png)',
          '',
          '- first item',
          '- second',
          '  item',
          '',
          '> A quoted',
          '> line.',
          '',
          '```ts',
          'const secret = 1;',
          '```',
          '',
          '    indented code',
          '',
          '## Part &amp; Two',
          '',
          'Line one<br>line two with `inline code`.',
          '',
          '<script>alert(1)</script>',
          '',
          '# Second Title',
        ].join('\n'),
      );
      expect(shape(sut)).toEqual([
        ['heading', 'Book Title'],
        ['paragraph', 'Read the manual now.'],
        ['paragraph', 'first item'],
        ['paragraph', 'second item'],
        ['paragraph', 'A quoted line.'],
        ['heading', 'Part & Two'],
        ['paragraph', 'Line one line two with inline code.'],
        ['heading', 'Second Title'],
      ]);
      expect(sut.title).toBe('Book Title');
      expect(sut.text).not.toContain('https://');
      expectSpansMatch(sut);
    });

    it('is chosen by the content type when the name has no known extension', () => {
      expect(shape(file('upload', '# Hi', 'text/markdown; charset=utf-8'))).toEqual([['heading', 'Hi']]);
    });

    it('is chosen by the extension even when the browser says text/plain', () => {
      expect(shape(file('README.MD', '## Hi', 'text/plain'))).toEqual([['heading', 'Hi']]);
    });
  });

  describe('html', () => {
    it('reads headings and block text, decodes entities and skips what is not content', () => {
      const sut = file(
        'page.html',
        `<!doctype html>
        <html><head><title>Tab title</title><style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
        <body>
          <noscript>Enable JavaScript</noscript><template><p>later</p></template>
          <h1>Caf&eacute; &amp; <em>Bar</em></h1>
          <p>First<br>line &mdash; with <a href="https://example.com">a <b>nested</b> link</a>.</p>
          <div>Loose text<p>inside</p>after</div>
          <ul><li>one<li>two</ul>
          <blockquote>Quoted&nbsp;words</blockquote>
          <table><tr><td>cell 1</td><td>cell 2</td></tr></table>
          <p hidden>not shown</p>
          <pre><code>let code = 1;</code></pre>
          <h2>Next</h2>
        </body></html>`,
      );
      expect(shape(sut)).toEqual([
        ['heading', 'Café & Bar'],
        ['paragraph', 'First line — with a nested link.'],
        ['paragraph', 'Loose text'],
        ['paragraph', 'inside'],
        ['paragraph', 'after'],
        ['paragraph', 'one'],
        ['paragraph', 'two'],
        ['paragraph', 'Quoted words'],
        ['paragraph', 'cell 1'],
        ['paragraph', 'cell 2'],
        ['heading', 'Next'],
      ]);
      expect(sut.title).toBe('Café & Bar');
      expectSpansMatch(sut);
    });

    it('accepts .htm and text/html', () => {
      expect(shape(file('a.htm', '<p>x</p>'))).toEqual([['paragraph', 'x']]);
      expect(shape(file('a', '<p>y</p>', 'text/html'))).toEqual([['paragraph', 'y']]);
    });
  });

  it('refuses an unknown format with unsupported_document', () => {
    let thrown: unknown;
    try {
      file('scan.pdf', '%PDF-1.7', 'application/pdf');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({
      code: ERROR_CODES.UNSUPPORTED_DOCUMENT,
      details: { filename: 'scan.pdf' },
    });
    expect(() => file('data', '{}', 'application/octet-stream')).toThrow(DomainError);
  });

  it.each([
    ['empty.txt', ' \r\n\r\n\t '],
    ['empty.md', '```\ncode only\n```\n\n![image](x.png)\n\n---'],
    ['empty.html', '<html><head><title>t</title></head><body><script>x()</script> &nbsp; </body></html>'],
  ])('returns no blocks when nothing readable is left (%s)', (filename, body) => {
    const sut = file(filename, body);
    expect(sut.blocks).toEqual([]);
    expect(sut.text).toBe('');
  });
});
