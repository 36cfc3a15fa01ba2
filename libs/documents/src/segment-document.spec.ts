import { describe, expect, it } from 'vitest';
import { ingestDocument } from './ingest-document';
import type { ParsedDocument } from './parsed-document';
import { segmentDocument, type SegmentPlan } from './segment-document';

const markdown = (source: string) =>
  ingestDocument({ kind: 'file', filename: 'doc.md', body: Buffer.from(source) });
const text = (source: string) => ingestDocument({ kind: 'text', text: source });

function expectInvariants(doc: ParsedDocument, plans: SegmentPlan[], maxChars: number) {
  let previousEnd = 0;
  plans.forEach((plan, index) => {
    expect(plan.ordinal).toBe(index);
    expect(doc.text.slice(plan.charStart, plan.charEnd)).toBe(plan.text);
    expect(plan.text).toBe(plan.text.trim());
    expect(plan.text).toMatch(/[\p{L}\p{N}]/u);
    expect(plan.charStart).toBeGreaterThanOrEqual(previousEnd);
    expect(plan.charEnd - plan.charStart).toBeLessThanOrEqual(maxChars);
    const block = doc.blocks.find((b) => b.charStart <= plan.charStart && plan.charEnd <= b.charEnd);
    expect(block, `segment ${index} stays inside one block`).toBeDefined();
    let sentenceEnd = plan.charStart;
    for (const sentence of plan.sentences) {
      expect(sentence.charStart).toBeGreaterThanOrEqual(sentenceEnd);
      expect(sentence.charEnd).toBeGreaterThan(sentence.charStart);
      sentenceEnd = sentence.charEnd;
    }
    expect(plan.sentences[0]?.charStart).toBe(plan.charStart);
    expect(sentenceEnd).toBe(plan.charEnd);
    previousEnd = plan.charEnd;
  });
}

/** Deterministic pseudo-random numbers (mulberry32) so a failure reproduces. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generatedMarkdown(targetLength: number, seed: number): string {
  const next = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T;
  const words = [
    'the',
    'Whale',
    'über',
    'naïve',
    'café',
    '1,000',
    '12:30',
    'Mr.',
    'Dr.',
    '🐋',
    'señor',
    'e.g.',
    'U.S.',
  ];
  const sentence = () => {
    const length = next() < 0.05 ? 80 + Math.floor(next() * 200) : 3 + Math.floor(next() * 25);
    const parts: string[] = [];
    for (let i = 0; i < length; i++)
      parts.push(pick(words) + (next() < 0.1 ? pick([',', ';', ':', ' —', '–']) : ''));
    return `${parts.join(' ')}${pick(['.', '!', '?', '…', '."'])}`;
  };
  const blocks: string[] = [];
  let length = 0;
  while (length < targetLength) {
    const roll = next();
    let block: string;
    if (roll < 0.05) block = `${pick(['#', '##', '###'])} Chapter ${blocks.length}`;
    else if (roll < 0.08) block = '* * *'.replace(/\*/g, '\\*');
    else {
      const sentences: string[] = [];
      const count = 1 + Math.floor(next() * 12);
      for (let i = 0; i < count; i++) sentences.push(sentence());
      block = sentences.join(pick([' ', '  ', '\n']));
    }
    blocks.push(block);
    length += block.length + 2;
  }
  return blocks.join('\n\n');
}

describe(segmentDocument.name, () => {
  it('packs the sentences of a paragraph and assigns chapters and pauses', () => {
    const doc = markdown(
      [
        'Before any heading. Still before.',
        '# One',
        'First sentence here. Second sentence here. Third one is here.',
        'Next paragraph.',
        '## Two',
        '# Three',
        'Last words.',
      ].join('\n\n'),
    );
    const sut = segmentDocument(doc, { maxChars: 45 });
    expect(sut.map((plan) => [plan.text, plan.chapter, plan.pauseAfter])).toEqual([
      ['Before any heading. Still before.', 0, 'chapter'],
      ['One', 1, 'paragraph'],
      ['First sentence here. Second sentence here.', 1, 'sentence'],
      ['Third one is here.', 1, 'paragraph'],
      ['Next paragraph.', 1, 'chapter'],
      ['Two', 2, 'chapter'],
      ['Three', 3, 'paragraph'],
      ['Last words.', 3, 'end'],
    ]);
    expect(sut[2]?.sentences.map((span) => doc.text.slice(span.charStart, span.charEnd))).toEqual([
      'First sentence here.',
      'Second sentence here.',
    ]);
    expectInvariants(doc, sut, 45);
  });

  it('drops segments with nothing to say and keeps ordinals contiguous', () => {
    const doc = text('Before the break.\n\n* * *\n\n—\n\nAfter the break.');
    const sut = segmentDocument(doc);
    expect(sut.map((plan) => [plan.ordinal, plan.text, plan.pauseAfter])).toEqual([
      [0, 'Before the break.', 'paragraph'],
      [1, 'After the break.', 'end'],
    ]);
  });

  it('does not end a sentence after an English title', () => {
    const doc = text('Mr. Smith met Dr. Watson. They talked.');
    const sut = segmentDocument(doc);
    expect(sut[0]?.sentences.map((span) => doc.text.slice(span.charStart, span.charEnd))).toEqual([
      'Mr. Smith met Dr. Watson.',
      'They talked.',
    ]);
  });

  it('splits a long sentence at clause punctuation, then at spaces, then hard', () => {
    const doc = text(
      'The long road, which had 1,000 turns at 12:30, wound on and on — past the mill; over the hill ' +
        'and down again to the sea. Supercalifragilisticexpialidocious!',
    );
    const sut = segmentDocument(doc, { maxChars: 30 });
    expect(sut.map((plan) => plan.text)).toEqual([
      'The long road,',
      // The commas and colon inside "1,000" and "12:30" are not clause breaks.
      'which had 1,000 turns at',
      '12:30, wound on and on —',
      'past the mill;',
      'over the hill and down again',
      'to the sea.',
      'Supercalifragilisticexpialidoc',
      'ious!',
    ]);
    expect(sut.every((plan) => plan.sentences.length === 1)).toBe(true);
    expect(sut.map((plan) => plan.pauseAfter)).toEqual([...Array<string>(7).fill('sentence'), 'end']);
    expectInvariants(doc, sut, 30);
  });

  it('never splits a surrogate pair when it has to cut hard', () => {
    const doc = text(`${'x🐋'.repeat(20)}x`);
    const sut = segmentDocument(doc, { maxChars: 4 });
    expect(sut.map((plan) => plan.text).join('')).toBe(doc.text);
    for (const plan of sut) {
      expect(plan.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expectInvariants(doc, sut, 4);
  });

  it('returns nothing for a document without blocks', () => {
    expect(segmentDocument(text(' \n\n '))).toEqual([]);
  });

  it('refuses a maxChars it cannot honour', () => {
    expect(() => segmentDocument(text('Hi.'), { maxChars: 0 })).toThrow(RangeError);
    expect(() => segmentDocument(text('Hi.'), { maxChars: 10.5 })).toThrow(RangeError);
  });

  it.each([60, 400])('keeps every span exact over a large generated document (maxChars %i)', (maxChars) => {
    const doc = markdown(generatedMarkdown(300_000, maxChars));
    const sut = segmentDocument(doc, { maxChars });
    expect(sut.length).toBeGreaterThan(300_000 / maxChars / 2);
    expectInvariants(doc, sut, maxChars);
    expect(sut.at(-1)?.pauseAfter).toBe('end');
    const headings = doc.blocks.filter((block) => block.kind === 'heading').length;
    expect(sut.at(-1)?.chapter).toBe(headings);
  });

  it('stays linear on a single paragraph of a million characters', () => {
    // V8's sentence iterator is quadratic on one long string (13 s here without windowing).
    const doc = text('It was the best of times, it was the worst of times. '.repeat(19_000));
    const started = performance.now();
    const sut = segmentDocument(doc);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(3_000);
    expect(sut.at(-1)?.charEnd).toBe(doc.text.length);
    expectInvariants(doc, sut.slice(0, 50), 400);
  });

  it('reads sentences with the locale it is given', () => {
    const doc = text('Erster Satz. Zweiter Satz.');
    const sut = segmentDocument(doc, { locale: 'de', maxChars: 13 });
    expect(sut.map((plan) => plan.text)).toEqual(['Erster Satz.', 'Zweiter Satz.']);
  });
});
