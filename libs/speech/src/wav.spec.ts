import { describe, expect, it } from 'vitest';
import { decodeWav, durationSeconds, encodeWav, floatToInt16 } from './wav';

describe(encodeWav.name, () => {
  it('round-trips through decodeWav with a correct header', () => {
    const samples = Int16Array.from([0, 1000, -1000, 32767, -32767]);
    const wav = encodeWav({ samples, sampleRate: 22050 });
    expect(wav.length).toBe(44 + samples.length * 2);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt32LE(24)).toBe(22050);
    const sut = decodeWav(wav);
    expect(sut.sampleRate).toBe(22050);
    expect(Array.from(sut.samples)).toEqual(Array.from(samples));
    expect(durationSeconds(sut)).toBeCloseTo(5 / 22050);
  });

  it('refuses what is not a WAV', () => {
    expect(() => decodeWav(Buffer.from('definitely not audio, definitely not audio, ok'))).toThrow(/RIFF/);
  });
});

describe(floatToInt16.name, () => {
  it('scales and clips', () => {
    expect(Array.from(floatToInt16(Float32Array.from([0, 0.5, 1, 2, -2])))).toEqual([
      0, 16383, 32767, 32767, -32767,
    ]);
  });
});
