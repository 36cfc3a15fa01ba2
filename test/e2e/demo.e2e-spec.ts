import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWav, rms } from '@chorus/speech';
import { testPort } from '../support/stack';

const ROOT = resolve(__dirname, '../..');

/** The README's first command, as a user runs it (into a temporary out/ folder). */
describe('npm run demo', () => {
  const out = mkdtempSync(join(tmpdir(), 'chorus-demo-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('narrates the bundled sample end to end and writes audio, manifest and subtitles', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        join(ROOT, 'tools/narrate.ts'),
        join(ROOT, 'samples/the-keepers-year.md'),
        '--out',
        out,
      ],
      {
        cwd: ROOT,
        timeout: 300_000,
        env: { ...process.env, CHORUS_API_PORT: String(testPort(3104)), CHORUS_WORKER_METRICS_PORT: '0' },
      },
    );
    expect(stdout).toMatch(/✓ [\d.]+ s of narration/);
    const audio = decodeWav(readFileSync(join(out, 'the-keepers-year.wav')));
    const manifest = JSON.parse(readFileSync(join(out, 'the-keepers-year.manifest.json'), 'utf8')) as {
      durationSeconds: number;
      segments: unknown[];
    };
    expect(audio.samples.length / audio.sampleRate).toBeCloseTo(manifest.durationSeconds, 3);
    expect(manifest.durationSeconds).toBeGreaterThan(120);
    expect(rms(audio.samples, 32768)).toBeGreaterThan(0.02);
    expect(readFileSync(join(out, 'the-keepers-year.vtt'), 'utf8')).toMatch(
      /^WEBVTT\n\n1\n00:00:00\.\d{3} --> /,
    );
    expect(readFileSync(join(out, 'the-keepers-year.srt'), 'utf8')).toContain(
      'The ice left the harbour late that year',
    );
  });
});
