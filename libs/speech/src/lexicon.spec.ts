import { describe, expect, it } from 'vitest';
import { DomainError } from '@chorus/contracts';
import { Lexicon } from './lexicon';

const upper = (s: string) => s.toUpperCase();

describe(Lexicon.name, () => {
  const sut = Lexicon.from([
    { grapheme: 'chorus', phoneme: 'kˈɔːɹəs' },
    { grapheme: 'W3C', alias: 'World Wide Web Consortium' },
    { grapheme: 'New York', alias: 'Noo York' },
  ]);

  it('sets whole words aside and restores them as raw phonemes or aliases', () => {
    const { text, restore } = sut.protect('Chorus met the W3C in New York; choruses did not.');
    expect(text).not.toMatch(/chorus\b|W3C|New York/i);
    expect(restore(upper(text))).toBe(
      ' [[ kˈɔːɹəs ]]  MET THE World Wide Web Consortium IN Noo York; CHORUSES DID NOT.',
    );
  });

  it('matches lower-case graphemes in any case and capitalised ones exactly', () => {
    expect(sut.protect('w3c').text).toBe('w3c');
    expect(sut.protect('CHORUS').text).not.toBe('CHORUS');
  });

  it('lets the later lexicon win when merging (job over voice)', () => {
    const job = Lexicon.from([{ grapheme: 'Chorus', alias: 'Koros' }]);
    const merged = sut.merge(job);
    const { text, restore } = merged.protect('Chorus');
    expect(restore(text)).toBe('Koros');
  });

  it('refuses entries it cannot use', () => {
    expect(() => Lexicon.from([{ grapheme: '', alias: 'x' }])).toThrow(DomainError);
    expect(() => Lexicon.from([{ grapheme: 'a', alias: 'x', phoneme: 'y' }])).toThrow(/exactly one/);
    expect(() => Lexicon.from([{ grapheme: 'a', phoneme: 'ab]] [[c' }])).toThrow(/unusable phoneme/);
    expect(() =>
      Lexicon.from(Array.from({ length: 1001 }, (_, i) => ({ grapheme: `w${i}`, alias: 'x' }))),
    ).toThrow(/at most 1000/);
  });
});
