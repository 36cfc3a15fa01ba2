import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ENTRYPOINT = resolve(__dirname, '../../deploy/worker-entrypoint.sh');

/** Runs the start script from elsewhere, in a copy of the app layout whose two programs are stubs. */
function run(root: string, env: Record<string, string> = {}) {
  const child = spawn(join(root, 'deploy/worker-entrypoint.sh'), ['--flag'], {
    cwd: tmpdir(),
    env: {
      ...process.env,
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
      ...env,
    },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise<{ pid: number; code: number | null; lines: string[] }>((done) =>
    child.on('exit', (code) => done({ pid: child.pid ?? -1, code, lines: out.trim().split('\n') })),
  );
}

describe('deploy/worker-entrypoint.sh', () => {
  let root: string;

  beforeAll(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'chorus-app-')));
    mkdirSync(join(root, 'deploy'));
    copyFileSync(ENTRYPOINT, join(root, 'deploy/worker-entrypoint.sh'));
    const bin = join(root, 'dist/apps/synth-worker/src');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'preflight.js'),
      `if (process.env.STUB_PREFLIGHT_FAILS) { console.log('preflight refused'); process.exit(1); }
       console.log('preflight in ' + process.cwd());`,
    );
    writeFileSync(
      join(bin, 'main.js'),
      `console.log(JSON.stringify({ pid: process.pid, args: process.argv.slice(2), devices: process.env.DEVICES }));`,
    );
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('runs the preflight in the app root, then execs the worker in its own place with the same env', async () => {
    const sut = await run(root, { DEVICES: 'cuda:0' });

    expect(sut.code).toBe(0);
    expect(sut.lines[0]).toBe(`preflight in ${root}`);
    // exec: the worker is the process that was started, so signals reach it directly.
    expect(JSON.parse(sut.lines[1] ?? '')).toEqual({ pid: sut.pid, args: ['--flag'], devices: 'cuda:0' });
  });

  it('does not start the worker when the preflight refuses', async () => {
    const sut = await run(root, { STUB_PREFLIGHT_FAILS: '1' });

    expect(sut.code).toBe(1);
    expect(sut.lines).toEqual(['preflight refused']);
  });
});
