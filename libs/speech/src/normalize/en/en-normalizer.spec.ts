import { afterAll, describe, expect, it } from 'vitest';
import { normalizerFor } from '../normalizer-registry';
import { EN_CASES, type NormalizationCase } from './en-normalizer.cases';
import { EnglishNormalizer } from './english-normalizer';

interface Tally {
  pass: number;
  total: number;
  knownFailing: number;
}

const tallies = new Map<string, Tally>();

function record(category: string, passed: boolean, known: boolean) {
  const tally = tallies.get(category) ?? { pass: 0, total: 0, knownFailing: 0 };
  tally.total += 1;
  if (passed) tally.pass += 1;
  else if (known) tally.knownFailing += 1;
  tallies.set(category, tally);
}

function run(c: NormalizationCase): string {
  return normalizerFor(c.language ?? 'en-us').normalize(c.input, { heading: c.heading ?? false });
}

const ALL_CASES = Object.values(EN_CASES).flat();

describe(EnglishNormalizer.name, () => {
  it('has at least 300 cases, with known-ambiguous ones under 3%', () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(300);
    expect(ALL_CASES.filter((c) => c.known !== undefined).length / ALL_CASES.length).toBeLessThan(0.03);
  });

  for (const [category, cases] of Object.entries(EN_CASES)) {
    describe(category, () => {
      for (const c of cases) {
        const label = `${c.heading ? '[heading] ' : ''}${c.language ? `[${c.language}] ` : ''}${JSON.stringify(c.input)}`;
        it(label, () => {
          const actual = run(c);
          const passed = actual === c.expected;
          record(category, passed, c.known !== undefined);
          if (c.known === undefined) expect(actual).toBe(c.expected);
        });
      }
    });
  }

  it('leaves no digits or badly read symbols in any output', () => {
    for (const c of ALL_CASES) expect(run(c), c.input).not.toMatch(/[0-9$%&#@°€£¥]/);
  });

  it('normalizes a 200,000-character book well under a second', () => {
    const sut = normalizerFor('en-us');
    const paragraph =
      'On May 5, 1895, Dr. Watson paid $3.50 for 2 kg of tea at 3:30 pm. The FBI, NASA and the BBC ' +
      'reported 45% growth in the 1990s; see Fig. 3, pp. 10-20, or https://example.com/docs. ' +
      'Call 555-123-4567 or write to jane.doe@example.org. Henry VIII had 6 wives, etc. It was 20°C. ';
    const book = paragraph.repeat(Math.ceil(200_000 / paragraph.length)).slice(0, 200_000);
    sut.normalize(book.slice(0, 5_000));
    const started = performance.now();
    const out = sut.normalize(book);
    const elapsed = performance.now() - started;
    console.log(`normalization: ${book.length} characters in ${elapsed.toFixed(0)} ms`);
    expect(out).not.toMatch(/\d/);
    expect(elapsed).toBeLessThan(1000);
  });

  it('stays linear on pathological input (no catastrophic backtracking)', () => {
    const sut = normalizerFor('en-us');
    const hostile = ['1'.repeat(50_000), 'a.'.repeat(50_000), '1-'.repeat(50_000), 'a-'.repeat(50_000) + '.'];
    hostile.push(
      'a'.repeat(50_000) + '@',
      'Henry ' + 'I'.repeat(50_000),
      'https://' + 'a'.repeat(100_000) + '.',
    );
    for (const text of hostile) {
      const started = performance.now();
      sut.normalize(text, { heading: true });
      expect(performance.now() - started, text.slice(0, 12)).toBeLessThan(500);
    }
  });

  afterAll(() => {
    const lines = [...tallies.entries()].map(
      ([category, t]) =>
        `  ${category.padEnd(14)} ${t.pass}/${t.total} (${((100 * t.pass) / t.total).toFixed(1)}%)` +
        (t.knownFailing ? `, ${t.knownFailing} known` : ''),
    );
    const pass = [...tallies.values()].reduce((n, t) => n + t.pass, 0);
    const total = [...tallies.values()].reduce((n, t) => n + t.total, 0);
    if (total > 0)
      console.log(
        `normalization: ${pass}/${total} cases pass (${((100 * pass) / total).toFixed(1)}%)\n${lines.join('\n')}`,
      );
  });
});
