import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SingleBar } from 'cli-progress';
import { CliError, EXIT, type ApiSession } from './api-session';
import { readSse } from './sse-reader';

export interface NarrateOptions {
  voice?: string | undefined;
  format?: string | undefined;
  sampleRate?: string | undefined;
  split?: boolean | undefined;
  speed?: string | undefined;
  title?: string | undefined;
  out: string;
  json: boolean;
}

export interface JobView {
  id: string;
  status: string;
  title: string | null;
  error?: string;
  progress: { segmentsDone: number; segmentsTotal: number; percent: number; audioSeconds?: number };
  audio?: { url: string; format: string; durationSeconds: number; bytes: number; sha256: string };
  manifestUrl?: string;
  subtitles?: { vtt: string; srt: string };
  chapters?: { index: number; title: string | null; url: string }[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.txt': 'text/plain',
  '.html': 'text/html',
  '.htm': 'text/html',
};

/**
 * `chorus narrate FILE|-`: submits the document (multipart), follows it over SSE with a progress
 * bar, downloads the results. The Idempotency-Key is the sha256 of the content and options, so
 * running the same command again reattaches to the job instead of starting another.
 */
export async function narrate(api: ApiSession, source: string, o: NarrateOptions): Promise<number> {
  const stdin = source === '-';
  const content = stdin ? readFileSync(0) : readFileSync(resolve(source));
  const name = stdin ? 'stdin.txt' : basename(source);
  const fields: Record<string, string> = {};
  if (o.voice) fields.voice = o.voice;
  if (o.format) fields.format = o.format;
  if (o.sampleRate) fields.sampleRate = o.sampleRate;
  if (o.split) fields.split = 'chapters';
  if (o.speed) fields.speed = o.speed;
  if (o.title) fields.title = o.title;
  const idempotencyKey = createHash('sha256')
    .update(content)
    .update(JSON.stringify({ name, ...fields }))
    .digest('hex');

  const form = new FormData();
  form.append('file', new Blob([content], { type: CONTENT_TYPES[extname(name)] ?? 'text/plain' }), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await api.request('/v1/jobs', {
    method: 'POST',
    body: form,
    headers: { 'idempotency-key': idempotencyKey },
  });
  const accepted = (await res.json()) as JobView;
  const reattached = res.headers.get('idempotent-replayed') === 'true';
  const log = (line: string) => (o.json ? process.stderr : process.stdout).write(`${line}\n`);
  log(
    `${reattached ? 'reattached to' : 'submitted'} job ${accepted.id}: ${accepted.progress.segmentsTotal} segments`,
  );

  const job = await follow(api, accepted, o.json);
  if (job.status !== 'completed') {
    if (o.json) console.log(JSON.stringify({ id: job.id, status: job.status, error: job.error, reattached }));
    else console.error(`job ${job.id} ended ${job.status}${job.error ? `: ${job.error}` : ''}`);
    return EXIT.JOB_FAILED;
  }
  const files = await download(job, o.out, stdin ? 'stdin' : basename(name, extname(name)));
  if (o.json)
    console.log(
      JSON.stringify({
        id: job.id,
        status: job.status,
        reattached,
        durationSeconds: job.audio?.durationSeconds,
        format: job.audio?.format,
        files,
      }),
    );
  else {
    for (const f of files) console.log(`  ${f}`);
    console.log(`✓ ${(job.audio?.durationSeconds ?? 0).toFixed(1)} s of audio`);
  }
  return EXIT.OK;
}

/** Follows the job's SSE stream to its end, reconnecting with Last-Event-ID when it drops. */
async function follow(api: ApiSession, accepted: JobView, quiet: boolean): Promise<JobView> {
  const bar = new SingleBar({
    format: '  {bar} {percentage}% | {value}/{total} segments | {minutes} min of audio | {status}',
    hideCursor: true,
    noTTYOutput: !quiet,
    notTTYSchedule: 2000,
    // With --json the bar stays quiet: stdout holds only the result.
    stream: quiet ? new Writable({ write: (_chunk, _enc, done) => done() }) : process.stderr,
  });
  bar.start(accepted.progress.segmentsTotal, accepted.progress.segmentsDone, {
    minutes: '0.0',
    status: accepted.status,
  });
  let lastId: string | undefined;
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await api.request(`/v1/jobs/${accepted.id}/events`, {
        headers: lastId ? { 'last-event-id': lastId } : {},
      });
      for await (const e of readSse(res.body!)) {
        lastId = e.id ?? lastId;
        const data = JSON.parse(e.data) as JobView & JobView['progress'];
        if (e.event === 'progress')
          bar.update(data.segmentsDone, {
            minutes: ((data.audioSeconds ?? 0) / 60).toFixed(1),
            status: data.status,
          });
        if (e.event === 'completed' || e.event === 'failed' || e.event === 'cancelled') {
          bar.update(data.progress.segmentsDone, { status: data.status });
          return data;
        }
      }
      await sleep(1000);
    }
    throw new CliError(EXIT.UNREACHABLE, 'the progress stream kept dropping');
  } finally {
    bar.stop();
  }
}

/** Streams each result to disk (no buffering of the audio in memory). */
async function download(job: JobView, outDir: string, stem: string): Promise<string[]> {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const ext = job.audio!.format;
  const targets: [string, string][] = [
    [job.audio!.url, `${stem}.${ext}`],
    [job.manifestUrl!, `${stem}.manifest.json`],
    [job.subtitles!.vtt, `${stem}.vtt`],
    [job.subtitles!.srt, `${stem}.srt`],
    ...(job.chapters ?? []).map(
      (c) => [c.url, `${stem}.chapter-${String(c.index).padStart(3, '0')}.${ext}`] as [string, string],
    ),
  ];
  const written: string[] = [];
  for (const [url, file] of targets) {
    const res = await fetch(url);
    if (!res.ok || !res.body) throw new CliError(EXIT.UNREACHABLE, `downloading ${file}: ${res.status}`);
    const path = join(dir, file);
    await pipeline(Readable.fromWeb(res.body), createWriteStream(path));
    written.push(path);
  }
  return written;
}
