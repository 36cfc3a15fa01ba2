import { describe, expect, it } from 'vitest';
import { DomainError } from '@chorus/contracts';
import { parseVoiceConfig } from './voice-config';

const minimal = {
  audio: { sample_rate: 22050, quality: 'medium' },
  espeak: { voice: 'en-us' },
  inference: { noise_scale: 0.667, length_scale: 1, noise_w: 0.8 },
  phoneme_id_map: { _: [0], '^': [1], $: [2] },
  num_speakers: 1,
  language: { code: 'en_US' },
};

describe(parseVoiceConfig.name, () => {
  it('reads sample rate, espeak voice, scales and the id map', () => {
    const sut = parseVoiceConfig(JSON.stringify(minimal), 'x.json');
    expect(sut.sampleRate).toBe(22050);
    expect(sut.espeakVoice).toBe('en-us');
    expect(sut.scales).toEqual({ noise: 0.667, length: 1, noiseW: 0.8 });
    expect(sut.phonemeIdMap.get('^')).toEqual([1]);
    expect(sut.hopLength).toBe(256);
  });

  it('refuses JSON that is not JSON, with the file named', () => {
    expect(() => parseVoiceConfig('{nope', 'bad.json')).toThrow(/bad.json is not valid JSON/);
  });

  it('refuses a config without a phoneme map', () => {
    const rest: Record<string, unknown> = { ...minimal };
    delete rest.phoneme_id_map;
    try {
      parseVoiceConfig(JSON.stringify(rest), 'v.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('voice_invalid');
      expect((err as DomainError).message).toMatch(/phoneme_id_map/);
    }
  });
});
