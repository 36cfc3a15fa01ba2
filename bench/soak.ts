/**
 * Soak: the whole service under a steady mix of small and large documents for a fixed time,
 * with two workers. Prints throughput, API latency percentiles, consumer lag and worker memory
 * over time (with the memory trend), and every error; writes out/bench/soak.json.
 *
 *   npx tsx bench/soak.ts [corpus.txt] [--minutes 10] [--rate 0.5] [--large-every 10]
 *
 * Needs the local stack (`npm run stack -- up`) and a build (`npm run build`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createKafka } from '@chorus/bus';
import { loadConfig } from '@chorus/config';
import { JOB_PRIORITIES, segmentLane } from '@chorus/contracts';
import { submitText, type JobView } from '../test/support/api-client';
import { startApi, startWorker, type AppProcess } from '../test/support/processes';
import { corpusParagraphs, DEFAULT_CORPUS } from './corpus';

interface Sample {
  atSeconds: number;
  lag: number;
  workerRssMiB: number[];
  apiRssMiB: number;
  jobsDone: number;
}

const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      minutes: { type: 'string', default: '10' },
      rate: { type: 'string', default: '0.5' },
      'large-every': { type: 'string', default: '10' },
    },
  });
  const minutes = Number(values.minutes);
  const perSecond = Number(values.rate);
  const largeEvery = Number(values['large-every']);
  const paragraphs = corpusParagraphs(positionals[0] ?? DEFAULT_CORPUS).filter((p) => p.length > 200);
  const config = loadConfig();
  const kafka = createKafka(config.kafka);
  const admin = kafka.admin();
  await admin.connect();

  const api = await startApi(3130);
  const workers: AppProcess[] = [await startWorker('cpu:0'), await startWorker('cpu:0')];
  const postMs: number[] = [];
  const getMs: number[] = [];
  const errors: string[] = [];
  const jobs = new Map<string, { chars: number; submitted: number; done?: number; audioSeconds?: number }>();
  const samples: Sample[] = [];
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;

  /** Messages not yet committed, both lanes together. */
  const lag = async (): Promise<number> => {
    let total = 0;
    for (const { topic, group } of JOB_PRIORITIES.map(segmentLane)) {
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      total += ends.reduce((sum, end) => {
        const c = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '0';
        return sum + Math.max(0, Number(end.offset) - Math.max(0, Number(c)));
      }, 0);
    }
    return total;
  };

  let submitting = true;
  const submitter = (async () => {
    for (let i = 0; submitting; i++) {
      const large = i % largeEvery === largeEvery - 1;
      const start = (i * 7) % paragraphs.length;
      const text = large
        ? paragraphs.slice(start, start + 12).join('\n\n')
        : (paragraphs[start] ?? '').slice(0, 300 + (i % 5) * 100);
      const t = performance.now();
      const res = await submitText(api, { text });
      postMs.push(performance.now() - t);
      if (res.status === 202)
        jobs.set(((await res.json()) as JobView).id, { chars: text.length, submitted: elapsed() });
      else errors.push(`POST ${res.status}: ${await res.text()}`);
      await sleep(1000 / perSecond);
    }
  })();

  const poller = (async () => {
    while (submitting || [...jobs.values()].some((j) => j.done === undefined)) {
      for (const [id, job] of jobs) {
        if (job.done !== undefined) continue;
        const t = performance.now();
        const res = await api.fetch(`/v1/jobs/${id}`);
        getMs.push(performance.now() - t);
        if (res.status >= 500) errors.push(`GET ${res.status}`);
        const view = (await res.json()) as JobView;
        if (view.status === 'completed') {
          job.done = elapsed();
          job.audioSeconds = view.audio?.durationSeconds ?? 0;
        } else if (view.status === 'failed' || view.status === 'cancelled') {
          job.done = elapsed();
          errors.push(`job ${id} ${view.status}: ${view.error ?? ''}`);
        }
      }
      await sleep(2000);
    }
  })();

  const sampler = setInterval(() => {
    void lag().then((l) =>
      samples.push({
        atSeconds: elapsed(),
        lag: l,
        workerRssMiB: workers.map((w) => rssMiB(w.pid)),
        apiRssMiB: rssMiB(api.process.pid),
        jobsDone: [...jobs.values()].filter((j) => j.done !== undefined).length,
      }),
    );
  }, 15_000);

  await sleep(minutes * 60_000);
  submitting = false;
  await submitter;
  await poller;
  clearInterval(sampler);
  const wall = elapsed();
  const workerErrors = workers.flatMap((w) => w.lines).filter((l) => /"level":"(error|fatal)"/.test(l));
  errors.push(...workerErrors.map((l) => `worker: ${l.slice(0, 200)}`));
  for (const w of workers) await w.stop();
  await api.process.stop();
  await admin.disconnect();

  const done = [...jobs.values()];
  const audio = done.reduce((a, j) => a + (j.audioSeconds ?? 0), 0);
  const chars = done.reduce((a, j) => a + j.chars, 0);
  const steady = samples.filter((s) => s.atSeconds > 60);
  const memorySlopes = workers.map((_, i) =>
    slope(
      steady.map((s) => s.atSeconds / 60),
      steady.map((s) => s.workerRssMiB[i]!),
    ),
  );
  const result = {
    conditions: {
      minutes,
      submissionsPerSecond: perSecond,
      largeEvery,
      workers: 2,
      devices: 'cpu:0 each, 1 intra-op thread',
    },
    jobs: done.length,
    characters: chars,
    audioSeconds: audio,
    wallSeconds: wall,
    throughput: {
      audioSecondsPerSecond: audio / wall,
      charactersPerSecond: chars / wall,
      jobsPerMinute: (done.length / wall) * 60,
    },
    latencyMs: {
      post: { p50: percentile(postMs, 50), p99: percentile(postMs, 99), max: Math.max(...postMs) },
      get: { p50: percentile(getMs, 50), p99: percentile(getMs, 99), max: Math.max(...getMs) },
    },
    jobSeconds: {
      p50: percentile(
        done.map((j) => (j.done ?? wall) - j.submitted),
        50,
      ),
      p99: percentile(
        done.map((j) => (j.done ?? wall) - j.submitted),
        99,
      ),
    },
    workerMemoryTrendMiBPerMinute: memorySlopes,
    errors,
    samples,
  };
  mkdirSync(resolve(__dirname, '../out/bench'), { recursive: true });
  writeFileSync(resolve(__dirname, '../out/bench/soak.json'), JSON.stringify(result, null, 2));

  console.log(
    `soak: ${minutes} min of submissions, ${done.length} jobs, ${chars} characters, ${audio.toFixed(0)} s of audio in ${wall.toFixed(0)} s`,
  );
  console.log(
    `throughput: ${result.throughput.audioSecondsPerSecond.toFixed(2)} audio s/s, ${result.throughput.jobsPerMinute.toFixed(1)} jobs/min`,
  );
  console.log(
    `POST /v1/jobs: p50 ${result.latencyMs.post.p50.toFixed(1)} ms, p99 ${result.latencyMs.post.p99.toFixed(1)} ms; GET p99 ${result.latencyMs.get.p99.toFixed(1)} ms`,
  );
  console.log(
    `job time (submit → completed): p50 ${result.jobSeconds.p50.toFixed(1)} s, p99 ${result.jobSeconds.p99.toFixed(1)} s`,
  );
  console.log('  t (s)   lag  jobs done  worker RSS MiB   API RSS MiB');
  for (const s of samples)
    console.log(
      `${s.atSeconds.toFixed(0).padStart(7)} ${String(s.lag).padStart(5)} ${String(s.jobsDone).padStart(10)}  ${s.workerRssMiB
        .map((m) => m.toFixed(0))
        .join(' / ')
        .padStart(14)} ${s.apiRssMiB.toFixed(0).padStart(13)}`,
    );
  console.log(
    `worker memory trend after the first minute: ${memorySlopes.map((m) => m.toFixed(2)).join(', ')} MiB/min`,
  );
  console.log(`errors: ${errors.length}`);
  for (const e of errors.slice(0, 20)) console.log(`  ${e}`);
  process.exitCode = errors.length === 0 ? 0 : 1;
}

void main();
