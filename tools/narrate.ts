/**
 * The main job, end to end: bring the local stack up, start the API and a worker (unless an
 * API already answers), submit a document, show progress, and write the audio, manifest and
 * subtitles to out/.
 *
 *   npm run demo                                  narrates samples/the-keepers-year.md
 *   npm run narrate -- book.md [--voice NAME] [--speed 1.1] [--devices cpu:0,cpu:1] [--out out]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, extname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '@chorus/config';
import { devApiKey } from './dev-key';

const ROOT = resolve(__dirname, '..');

interface Job {
  id: string;
  status: string;
  error?: string;
  progress: { segmentsDone: number; segmentsTotal: number; percent: number; audioSeconds?: number };
  timings: { processingSeconds: number | null };
  audio?: { url: string; durationSeconds: number; bytes: number; sha256: string };
  manifestUrl?: string;
  subtitles?: { vtt: string; srt: string };
}

const CONTENT_TYPES: Record<string, string> = {
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.html': 'text/html',
  '.htm': 'text/html',
};

function step(message: string): void {
  console.log(`\n▸ ${message}`);
}

function run(cmd: string, args: string[]): void {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

/** The compiled apps are older than their sources: build them. */
function needsBuild(): boolean {
  const built = join(ROOT, 'dist/apps/synth-worker/src/main.js');
  if (!existsSync(built)) return true;
  const out = spawnSync('find', ['apps', 'libs', '-name', '*.ts', '-newer', built], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return out.stdout.trim().length > 0;
}

/** A `.js` file runs under this Node; a start script (the worker's) runs itself, with this Node first on PATH. */
function startApp(name: string, script: string, env: Record<string, string>, logDir: string): ChildProcess {
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const path = join(ROOT, script);
  const [command, args] = script.endsWith('.js') ? [process.execPath, [path]] : [path, []];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up in time`);
    await sleep(250);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      voice: { type: 'string' },
      speed: { type: 'string' },
      devices: { type: 'string', default: 'cpu:0' },
      out: { type: 'string', default: 'out' },
    },
  });
  const file = resolve(positionals[0] ?? join(ROOT, 'samples/the-keepers-year.md'));
  const config = loadConfig();
  const api = `http://127.0.0.1:${config.api.port}`;
  const logDir = join(ROOT, config.stackDir, 'logs');
  const started: ChildProcess[] = [];
  const stopAll = () => started.forEach((c) => c.kill('SIGTERM'));
  process.on('SIGINT', () => {
    stopAll();
    process.exit(130);
  });

  try {
    step('local stack');
    run(process.execPath, [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      join(ROOT, 'tools/stack/cli.ts'),
      'up',
    ]);
    if (needsBuild()) {
      step('building the apps');
      run('npm', ['run', '--silent', 'build']);
    }
    const apiUp = async () => (await fetch(`${api}/ready`)).ok;
    if (await apiUp().catch(() => false)) {
      step(`using the API already running at ${api} (and its workers)`);
    } else {
      step(`starting the API at ${api} and a worker for ${values.devices} (logs in ${logDir})`);
      started.push(startApp('api', 'dist/apps/api/src/main.js', {}, logDir));
      await waitFor(apiUp, 'the API');
      started.push(
        // The worker images' start script: voice checksums, then the worker, same env contract.
        startApp('worker', 'deploy/worker-entrypoint.sh', { DEVICES: values.devices }, logDir),
      );
    }

    const key = await devApiKey(config, ROOT);
    const auth = { authorization: `Bearer ${key}` };
    step(`submitting ${file}`);
    const form = new FormData();
    form.append(
      'file',
      new Blob([readFileSync(file)], { type: CONTENT_TYPES[extname(file)] ?? 'text/plain' }),
      basename(file),
    );
    if (values.voice) form.append('voice', values.voice);
    if (values.speed) form.append('speed', values.speed);
    const res = await fetch(`${api}/v1/jobs`, { method: 'POST', body: form, headers: auth });
    const accepted = (await res.json()) as Job & { detail?: string };
    if (res.status !== 202)
      throw new Error(
        `the API refused the document (${res.status}): ${accepted.detail ?? JSON.stringify(accepted)}`,
      );
    console.log(
      `  job ${accepted.id}: ${accepted.progress.segmentsTotal} segments, ${statSync(file).size} bytes`,
    );

    const bar = new SingleBar({
      format: '  {bar} {percentage}% | {value}/{total} segments | {audio} s of audio | {status}',
      hideCursor: true,
      // Without a terminal (CI, a pipe) print a line every 2 s instead of redrawing.
      noTTYOutput: true,
      notTTYSchedule: 2000,
    });
    bar.start(accepted.progress.segmentsTotal, 0, { audio: '0.0', status: 'queued' });
    let job: Job = accepted;
    while (job.status === 'queued' || job.status === 'running') {
      await sleep(500);
      job = (await (await fetch(`${api}/v1/jobs/${accepted.id}`, { headers: auth })).json()) as Job;
      bar.update(job.progress.segmentsDone, {
        audio: (job.progress.audioSeconds ?? 0).toFixed(1),
        status: job.status,
      });
    }
    bar.stop();
    if (job.status !== 'completed' || !job.audio || !job.manifestUrl || !job.subtitles)
      throw new Error(`the job ended ${job.status}: ${job.error ?? ''}`);

    step(`writing to ${values.out}/`);
    const outDir = resolve(values.out);
    mkdirSync(outDir, { recursive: true });
    const stem = basename(file, extname(file));
    const outputs: [string, string][] = [
      [job.audio.url, `${stem}.wav`],
      [job.manifestUrl, `${stem}.manifest.json`],
      [job.subtitles.vtt, `${stem}.vtt`],
      [job.subtitles.srt, `${stem}.srt`],
    ];
    for (const [url, name] of outputs) {
      writeFileSync(join(outDir, name), Buffer.from(await (await fetch(url)).arrayBuffer()));
      console.log(`  ${join(values.out, name)}`);
    }
    const took = job.timings.processingSeconds ?? 0;
    console.log(
      `\n✓ ${job.audio.durationSeconds.toFixed(1)} s of narration in ${took.toFixed(1)} s of processing (real-time factor ${(took / job.audio.durationSeconds).toFixed(3)})`,
    );
  } finally {
    stopAll();
  }
}

main().catch((err: unknown) => {
  console.error(`\n✗ ${(err as Error).message}`);
  process.exit(1);
});
