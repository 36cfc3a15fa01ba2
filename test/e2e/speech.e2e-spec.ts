import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@chorus/contracts';
import {
  countNonFinite,
  decodeWav,
  encodeWav,
  longestRunAtLimit,
  PiperVoice,
  rms,
  SpeechRuntime,
  type SpeechSynthesizer,
  VoiceCatalog,
} from '@chorus/speech';
import { config, fixture, VOICE } from '../support/stack';

async function domainError(p: Promise<unknown> | (() => unknown)): Promise<DomainError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  }
  throw new Error('expected a DomainError');
}

describe('speech runtime with the real voice', () => {
  const runtime = new SpeechRuntime(config.speech);
  let sut: SpeechSynthesizer;

  beforeAll(async () => {
    sut = await runtime.synthesizer(VOICE);
  });
  afterAll(() => runtime.close());

  it('turns an English paragraph into plausible speech', async () => {
    const text = fixture('paragraph.txt');
    const { audio, sentences } = await sut.synthesize(text);
    expect(audio.sampleRate).toBe(22050);
    expect(sentences).toHaveLength(4);
    const seconds = audio.samples.length / audio.sampleRate;
    // Narration runs at roughly 12-20 characters a second; allow a wide band around it.
    expect(seconds).toBeGreaterThan(text.length / 25);
    expect(seconds).toBeLessThan(text.length / 8);
    expect(rms(audio.samples, 32768)).toBeGreaterThan(0.02);
    expect(countNonFinite(audio.samples)).toBe(0);
    expect(longestRunAtLimit(audio.samples, 32767)).toBeLessThan(4);
    const wav = encodeWav(audio);
    expect(decodeWav(wav).samples.length).toBe(audio.samples.length);
  });

  it('gives each item of a padded batch exactly the audio it gets alone', async () => {
    const voice = await runtime.voice(VOICE);
    expect(voice.batches).toBe(true);
    const short = sut.prepare('Hello there.')[0]!.ids;
    const long = sut.prepare('The waves broke against the rocks with a steady, patient rhythm.')[0]!.ids;
    const scales = { noise: 0, noiseW: 0 };
    const [aloneShort] = await voice.infer([short], scales);
    const [aloneLong] = await voice.infer([long], scales);
    const [batchShort, batchLong] = await voice.infer([short, long], scales);
    expect(batchShort!.length).toBe(aloneShort!.length);
    expect(batchLong!.length).toBe(aloneLong!.length);
    for (const [a, b] of [
      [aloneShort!, batchShort!],
      [aloneLong!, batchLong!],
    ] as const) {
      let maxDiff = 0;
      for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
      expect(maxDiff).toBeLessThan(1e-3);
    }
  });

  it('a slower speed gives longer audio', async () => {
    const normal = await sut.synthesize('Speed changes the length of speech.', { lengthScale: 1 });
    const slow = await sut.synthesize('Speed changes the length of speech.', { lengthScale: 1.5 });
    expect(slow.audio.samples.length / normal.audio.samples.length).toBeGreaterThan(1.3);
  });

  it('refuses empty and whitespace-only text', async () => {
    expect((await domainError(sut.synthesize(''))).code).toBe('text_empty');
    expect((await domainError(sut.synthesize(' \n\t '))).code).toBe('text_empty');
  });

  it('refuses text of only punctuation', async () => {
    const err = await domainError(sut.synthesize('... !!! ?? -- ,,,'));
    expect(err.code).toBe('text_unspeakable');
  });

  describe('bad voice files', () => {
    let dir: string;
    const files = new VoiceCatalog(config.speech.voicesDir).resolve(VOICE);

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'chorus-voices-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('names an unknown voice', async () => {
      const err = await domainError(() => new VoiceCatalog(dir).resolve('en_US-nobody-medium'));
      expect(err.code).toBe('voice_not_found');
    });

    it('reports a missing model file', async () => {
      const err = await domainError(PiperVoice.load({ ...files, modelPath: join(dir, 'gone.onnx') }));
      expect(err.code).toBe('voice_not_found');
      expect(err.message).toMatch(/gone\.onnx/);
    });

    it('reports a corrupt model file', async () => {
      const bad = join(dir, 'corrupt.onnx');
      const bytes = Buffer.alloc(4096, 0x5a);
      writeFileSync(bad, bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const err = await domainError(PiperVoice.load({ ...files, modelPath: bad, sha256 }));
      expect(err.code).toBe('voice_invalid');
    });

    it('refuses a model with no pinned checksum', async () => {
      const err = await domainError(PiperVoice.load({ ...files, sha256: undefined }));
      expect(err.code).toBe('voice_checksum_mismatch');
      expect(err.message).toMatch(/no pinned sha256/);
    });

    it('reports a corrupt config file', async () => {
      const cfg = join(dir, 'corrupt.onnx.json');
      writeFileSync(cfg, '{"audio": ');
      const err = await domainError(PiperVoice.load({ ...files, configPath: cfg }));
      expect(err.code).toBe('voice_invalid');
    });

    it('refuses a model whose checksum does not match the pinned one', async () => {
      const copy = join(dir, 'tampered.onnx');
      copyFileSync(files.modelPath, copy);
      writeFileSync(copy, Buffer.from([0]), { flag: 'a' });
      const err = await domainError(PiperVoice.load({ ...files, modelPath: copy }));
      expect(err.code).toBe('voice_checksum_mismatch');
    });
  });
});
