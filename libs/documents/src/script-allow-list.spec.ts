import { describe, expect, it } from 'vitest';
import { disallowedCharacters, scriptsFor } from './script-allow-list';

describe(disallowedCharacters.name, () => {
  it('allows the listed scripts with punctuation, digits, symbols and accents', () => {
    const text = 'Café «naïve» — 3½ €, © 2024; “quoted” ‘x’ … ½ ™ α';
    expect(disallowedCharacters(text, ['Latin', 'Greek'])).toEqual([]);
  });

  it('names each character of another script once, with where it first occurs', () => {
    const found = disallowedCharacters('Hello Жук and Жар, 東京', ['Latin']);
    expect(found.map((c) => c.codePoint)).toEqual([
      'U+0416',
      'U+0443',
      'U+043A',
      'U+0430',
      'U+0440',
      'U+6771',
      'U+4EAC',
    ]);
    expect(found[0]).toMatchObject({ character: 'Ж', index: 6 });
  });

  it('refuses emoji unless Emoji is listed', () => {
    expect(disallowedCharacters('Great 😀 news', ['Latin']).map((c) => c.codePoint)).toEqual(['U+1F600']);
    expect(disallowedCharacters('Great 😀 news', ['Latin', 'Emoji'])).toEqual([]);
  });

  it('stops after the limit', () => {
    expect(disallowedCharacters('абвгдежзийклмн', ['Latin'], 3)).toHaveLength(3);
  });
});

describe(scriptsFor.name, () => {
  const lists = new Map([
    ['*', ['Latin']],
    ['ru', ['Cyrillic', 'Latin']],
    ['en_GB', ['Latin', 'Greek']],
  ]);

  it('picks the exact language, then its base, then the default', () => {
    expect(scriptsFor('en_GB', lists)).toEqual(['Latin', 'Greek']);
    expect(scriptsFor('ru_RU', lists)).toEqual(['Cyrillic', 'Latin']);
    expect(scriptsFor('de', lists)).toEqual(['Latin']);
  });
});

describe('the pipeline markers', () => {
  it('lets the SSML pause and rate markers through, which ingestion puts there itself', () => {
    expect(disallowedCharacters('Before\uE002\uE100\uE003 after.', ['Latin'])).toEqual([]);
  });
});
