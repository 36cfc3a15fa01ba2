import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readChecksums, verifyVoiceDirectory } from './voice-checksums';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe(verifyVoiceDirectory.name, () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chorus-voices-'));
    writeFileSync(join(dir, 'a.onnx'), 'model a');
    writeFileSync(join(dir, 'a.onnx.json'), '{"a":1}');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const pin = (lines: string[]) => writeFileSync(join(dir, 'SHA256SUMS'), `${lines.join('\n')}\n`);

  it('verifies every pinned file and lists voices nobody pinned', async () => {
    pin([`${sha256('model a')}  a.onnx`, `${sha256('{"a":1}')} *a.onnx.json`]);
    writeFileSync(join(dir, 'b.onnx'), 'model b');

    const sut = await verifyVoiceDirectory(dir, ['a']);

    expect(sut.verified).toEqual(['a.onnx', 'a.onnx.json']);
    expect(sut.unpinned).toEqual(['b.onnx']);
  });

  it('refuses a file whose sha256 differs from its pin', async () => {
    pin([`${sha256('another model')}  a.onnx`]);
    await expect(verifyVoiceDirectory(dir)).rejects.toThrow(
      /a\.onnx has sha256 [0-9a-f]{64}, but SHA256SUMS pins [0-9a-f]{64}; refusing to load it/,
    );
  });

  it('refuses a pinned file that is missing', async () => {
    pin([`${sha256('model a')}  a.onnx`, `${sha256('gone')}  gone.onnx`]);
    await expect(verifyVoiceDirectory(dir)).rejects.toThrow(/gone\.onnx is pinned in SHA256SUMS but missing/);
  });

  it('refuses a directory without SHA256SUMS, and a required voice that is not pinned', async () => {
    await expect(verifyVoiceDirectory(dir)).rejects.toThrow(/SHA256SUMS is missing or pins nothing/);
    pin([`${sha256('model a')}  a.onnx`]);
    await expect(verifyVoiceDirectory(dir, ['b'])).rejects.toThrow(/b\.onnx is not pinned/);
    await expect(verifyVoiceDirectory(join(dir, 'nowhere'))).rejects.toThrow(/does not exist/);
  });
});

describe(readChecksums.name, () => {
  it('reads sha256sum lines in text and binary mode and skips the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-voices-'));
    try {
      writeFileSync(
        join(dir, 'SHA256SUMS'),
        `${'a'.repeat(64)}  x.onnx\n# comment\n${'b'.repeat(64)} *y.onnx\n`,
      );
      expect([...readChecksums(dir)]).toEqual([
        ['x.onnx', 'a'.repeat(64)],
        ['y.onnx', 'b'.repeat(64)],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
