import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@chorus/contracts';
import { VoiceCatalog } from './voice-catalog';

describe(VoiceCatalog.name, () => {
  let dir: string;
  const sha = (c: string) => c.repeat(64);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chorus-catalog-'));
    for (const f of ['v1.onnx', 'v1.onnx.json', 'v1.int8.onnx', 'v2.onnx', 'v2.onnx.json'])
      writeFileSync(join(dir, f), '');
    writeFileSync(join(dir, 'SHA256SUMS'), `${sha('a')}  v1.onnx\n${sha('b')}  v1.int8.onnx\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists voices, not their precision variants', () => {
    expect(new VoiceCatalog(dir).names()).toEqual(['v1', 'v2']);
  });

  it('resolves the model of the precision asked for, with its own checksum', () => {
    const sut = new VoiceCatalog(dir);
    expect(sut.resolve('v1')).toMatchObject({
      precision: 'fp32',
      modelPath: join(dir, 'v1.onnx'),
      sha256: sha('a'),
    });
    expect(sut.resolve('v1', 'int8')).toMatchObject({
      precision: 'int8',
      modelPath: join(dir, 'v1.int8.onnx'),
      configPath: join(dir, 'v1.onnx.json'),
      sha256: sha('b'),
    });
  });

  it('says how to get a variant that is missing', () => {
    const err = (() => {
      try {
        new VoiceCatalog(dir).resolve('v2', 'fp16');
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('resolved');
    })();
    expect(err.code).toBe('voice_not_found');
    expect(err.message).toMatch(/v2\.fp16\.onnx is missing.*npm run stack -- up voices/);
  });
});
