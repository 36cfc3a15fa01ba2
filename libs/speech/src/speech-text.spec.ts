import { describe, expect, it } from 'vitest';
import type { EspeakPhonemizer } from './espeak-phonemizer';
import { Lexicon } from './lexicon';
import { SpeechText } from './speech-text';

/** A phonemizer that writes letter names for single letters and echoes everything else. */
function fakePhonemizer(seen: string[]): EspeakPhonemizer {
  const names: Record<string, string> = { F: 'ˈɛf', B: 'bˈiː', I: 'ˈaɪ', A: 'ˈeɪ', S: 'ˈɛs' };
  return {
    phonemize: (text: string) => {
      seen.push(text);
      return [names[text.trim()] ?? text];
    },
  } as unknown as EspeakPhonemizer;
}

const voice = {
  espeakVoice: 'en-us',
  phonemeIdMap: new Map([
    ['_', [0]],
    ['^', [1]],
    ['$', [2]],
  ]),
};
const upper = { normalize: (t: string) => t.replace(/FBI/g, 'F B I') };

describe(SpeechText.name, () => {
  it('spells letter runs with one primary stress, as espeak spells an acronym', () => {
    const seen: string[] = [];
    const sut = new SpeechText(fakePhonemizer(seen), voice, upper);
    sut.prepare("The FBI and the FBI's files.");
    expect(seen.at(-1)).toBe('The [[ ˌɛfbˌiːˈaɪ ]] and the [[ ˌɛfbˌiːˈaɪz ]] files.');
  });

  it('keeps the lexicon and raw phonemes away from the normalizer', () => {
    const seen: string[] = [];
    const shouting = { normalize: (t: string) => t.toUpperCase() };
    const sut = new SpeechText(
      fakePhonemizer(seen),
      voice,
      shouting,
      Lexicon.from([{ grapheme: 'chorus', alias: 'koros' }]),
    );
    expect(sut.spoken('chorus sings [[ sˈɪŋz ]] here')).toBe('koros SINGS [[ sˈɪŋz ]] HERE');
  });
});
