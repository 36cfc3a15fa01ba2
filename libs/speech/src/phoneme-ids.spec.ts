import { describe, expect, it } from 'vitest';
import { hasSpokenPhonemes, phonemesToIds } from './phoneme-ids';

const voice = {
  phonemeIdMap: new Map<string, number[]>([
    ['_', [0]],
    ['^', [1]],
    ['$', [2]],
    [' ', [3]],
    ['h', [20]],
    ['ə', [59]],
    ['l', [24]],
    ['ˈ', [120]],
    ['o', [27]],
    ['ʊ', [100]],
  ]),
};

describe(phonemesToIds.name, () => {
  it('frames phonemes with BOS, pads between and EOS, as Piper does', () => {
    expect(phonemesToIds('həl', voice).ids).toEqual([1, 0, 20, 0, 59, 0, 24, 0, 2]);
  });

  it('skips and reports phonemes the voice does not know', () => {
    const sut = phonemesToIds('hxə', voice);
    expect(sut.ids).toEqual([1, 0, 20, 0, 59, 0, 2]);
    expect(sut.missing).toEqual(['x']);
  });

  it('NFD-normalizes before mapping', () => {
    // "ö" precomposed becomes "o" + combining diaeresis; the base letter still maps.
    expect(phonemesToIds('\u00f6', voice).ids).toEqual([1, 0, 27, 0, 2]);
  });
});

describe(hasSpokenPhonemes.name, () => {
  it('is false for punctuation and spaces only', () => {
    expect(hasSpokenPhonemes('. , !?')).toBe(false);
    expect(hasSpokenPhonemes('')).toBe(false);
    expect(hasSpokenPhonemes('həlˈoʊ.')).toBe(true);
  });
});
