import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../support/ffprobe';
import { readFileSync } from 'node:fs';
import {
  startApi,
  startWorker,
  TEST_ADMIN_KEY,
  type AppProcess,
  type RunningApi,
} from '../support/processes';
import { fixture } from '../support/stack';

const BIN = resolve(__dirname, '../../bin/chorus.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the installed `chorus` command as a subprocess. */
function chorus(args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(stdin ?? '');
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('the chorus CLI against a running API and worker', () => {
  let api: RunningApi;
  let worker: AppProcess;
  let env: Record<string, string>;
  const out = mkdtempSync(join(tmpdir(), 'chorus-cli-'));

  beforeAll(async () => {
    api = await startApi(3116);
    worker = await startWorker('cpu:0');
    env = { CHORUS_API_URL: api.url, CHORUS_API_KEY: api.key, CHORUS_ADMIN_KEY: TEST_ADMIN_KEY };
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.process.stop();
  });

  it('narrates a file with a progress bar, writes the results, and reattaches when run again', async () => {
    const book = join(out, 'chapters.md');
    writeFileSync(book, fixture('chapters.md'));
    const first = await chorus(['narrate', book, '--format', 'mp3', '--split', '--out', out], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/submitted job [0-9a-f-]{36}: \d+ segments/);
    expect(first.stdout + first.stderr).toMatch(/segments \| [\d.]+ min of audio/);
    for (const f of [
      'chapters.mp3',
      'chapters.vtt',
      'chapters.srt',
      'chapters.manifest.json',
      'chapters.chapter-001.mp3',
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'chapters.manifest.json'), 'utf8')) as {
      durationSeconds: number;
    };
    const decoded = await probe(readFileSync(join(out, 'chapters.mp3')), 'mp3');
    expect(Math.abs(decoded.durationSeconds - manifest.durationSeconds)).toBeLessThan(0.1);

    const again = await chorus(['narrate', book, '--format', 'mp3', '--split', '--out', out, '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    const result = JSON.parse(again.stdout) as { id: string; reattached: boolean; files: string[] };
    expect(result.reattached).toBe(true);
    expect(first.stdout).toContain(result.id);
    expect(result.files.length).toBeGreaterThanOrEqual(8);
  });

  it('reads stdin, and lists jobs, one job and voices as JSON for scripts', async () => {
    const run = await chorus(['narrate', '-', '--out', out, '--json'], env, 'Read from a pipe.');
    expect(run.code, run.stderr).toBe(0);
    const { id } = JSON.parse(run.stdout) as { id: string };
    const status = await chorus(['status', id, '--json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject({ id, status: 'completed' });
    const jobs = await chorus(['jobs', '--json', '--limit', '5'], env);
    expect((JSON.parse(jobs.stdout) as { items: { id: string }[] }).items.map((j) => j.id)).toContain(id);
    const voices = await chorus(['voices'], env);
    expect(voices.stdout).toMatch(/en_US-joe-medium\s+en/);
  });

  it('creates and revokes keys with the admin key', async () => {
    const created = await chorus(['keys', 'create', '--tenant', 'cli-test', '--name', 'ci', '--json'], env);
    expect(created.code, created.stderr).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; key: string };
    const asNew = await chorus(['jobs'], { ...env, CHORUS_API_KEY: key.key });
    expect(asNew.code).toBe(0);
    expect((await chorus(['keys', 'revoke', key.id], env)).code).toBe(0);
    const revoked = await chorus(['jobs'], { ...env, CHORUS_API_KEY: key.key });
    expect(revoked.code).toBe(4);
  });

  it('exits 2 on bad usage or refused input, 3 when the API is unreachable', async () => {
    expect((await chorus(['narrate'], env)).code).toBe(2);
    expect((await chorus(['fly'], env)).code).toBe(2);
    expect((await chorus(['status', 'nope'], env)).code).toBe(2);
    const refused = await chorus(['narrate', '-', '--format', 'flac'], env, 'Hello.');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/invalid_request/);
    const down = await chorus(['voices', '--api', 'http://127.0.0.1:9'], env);
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/cannot reach the API/);
  });
});
