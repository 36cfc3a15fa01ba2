import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { TOPICS } from '@chorus/contracts';
import { dataSourceOptions } from '@chorus/database';
import { decodeWav, pauseSamples, type PauseKind } from '@chorus/speech';
import { download, getJob, submitText, waitForJob, type JobView } from '../support/api-client';
import { listen, type ReceivedEvent } from '../support/event-listener';
import { startApi, startWorker, type AppProcess, type RunningApi } from '../support/processes';
import { stack } from '../support/stack-control';
import { config, testPort } from '../support/stack';

/** Many short segments: a job that spreads over every partition but synthesizes quickly. */
function manySentences(n: number, tag: string): string {
  return Array.from({ length: n }, (_, i) => `${tag} sentence ${i + 1} is short.`).join(' ');
}

async function submit(
  api: RunningApi,
  text: string,
  options: Record<string, unknown> = {},
): Promise<JobView> {
  const res = await submitText(api, { text, ...options });
  expect(res.status).toBe(202);
  return (await res.json()) as JobView;
}

describe('devices, crashes and outages', () => {
  let api: RunningApi;
  let segmentEvents: { events: ReceivedEvent[]; close: () => Promise<void> };
  const workers: AppProcess[] = [];
  const db = new DataSource(dataSourceOptions(config.postgres));

  const devicesFor = (jobId: string) =>
    new Set(
      segmentEvents.events
        .filter((e) => e.data.jobId === jobId && e.type === 'chorus.segment.completed.v1')
        .map((e) => String(e.data.device)),
    );

  async function expectWhole(job: JobView): Promise<void> {
    const rows = await db.query<{ status: string; n: number; samples: string; pause_after: PauseKind }[]>(
      `SELECT status, pause_after, count(*)::int AS n, coalesce(sum(samples), 0) AS samples FROM segments WHERE job_id = $1 GROUP BY status, pause_after`,
      [job.id],
    );
    expect(rows.every((r) => r.status === 'done')).toBe(true);
    expect(rows.reduce((n, r) => n + r.n, 0)).toBe(job.progress.segmentsTotal);
    const audio = decodeWav(await download(job.audio!.url));
    const expected = rows.reduce(
      (n, r) => n + Number(r.samples) + r.n * pauseSamples(r.pause_after, audio.sampleRate),
      0,
    );
    expect(audio.samples.length).toBe(expected);
  }

  beforeAll(async () => {
    await db.initialize();
    api = await startApi(3102, { CHORUS_SEGMENT_MAX_CHARS: '60' });
    segmentEvents = await listen(TOPICS.segmentEvents);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  afterAll(async () => {
    await segmentEvents?.close();
    await api?.process.stop();
    await db.destroy();
  });

  it('two worker processes share a large job, and killing one mid-job loses nothing', async () => {
    workers.push(await startWorker('cpu:0'), await startWorker('cpu:1'));
    const job = await submit(api, manySentences(120, 'Shared'));
    expect(job.progress.segmentsTotal).toBeGreaterThanOrEqual(40);
    const deadline = Date.now() + 120_000;
    while (devicesFor(job.id).size < 2) {
      if (Date.now() > deadline) throw new Error(`only ${[...devicesFor(job.id)].join()} processed segments`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const atKill = await getJob(api, job.id);
    expect(atKill.progress.segmentsDone).toBeLessThan(atKill.progress.segmentsTotal);
    await workers[0]!.stop('SIGKILL');
    const done = await waitForJob(api, job.id, 240_000);
    expect(done.status).toBe('completed');
    await expectWhole(done);
  });

  it('one worker process can serve several devices, each with its own consumer, batching for real', async () => {
    const both = await startWorker('cpu:0,cpu:1', {
      CHORUS_BATCH_SIZE: '8',
      CHORUS_BATCH_WAIT_MS: '100',
      CHORUS_WORKER_METRICS_PORT: String(testPort(9471)),
    });
    workers.push(both);
    const job = await submit(api, manySentences(40, 'Parallel'), { priority: 'batch' });
    const done = await waitForJob(api, job.id, 180_000);
    expect(done.status).toBe('completed');
    expect(devicesFor(job.id)).toEqual(new Set(['cpu:0', 'cpu:1']));
    await expectWhole(done);
    // Batches are observable in the worker's metrics, and they really hold several segments.
    const metrics = await (await fetch(`http://127.0.0.1:${testPort(9471)}/metrics`)).text();
    const sum = (name: string) =>
      [
        ...metrics.matchAll(
          new RegExp(`^${name}\\{device="cpu:\\d",lane="batch"\\} (\\d+(?:\\.\\d+)?)$`, 'gm'),
        ),
      ].reduce((n, m) => n + Number(m[1]), 0);
    const batches = sum('chorus_worker_batch_size_count');
    const segments = sum('chorus_worker_batch_size_sum');
    console.log(`${segments} segments in ${batches} batches (mean ${(segments / batches).toFixed(2)})`);
    expect(segments).toBeGreaterThanOrEqual(done.progress.segmentsTotal);
    expect(segments / batches).toBeGreaterThan(2);
  });

  it('jobs accepted while Kafka is down are all processed once it is back', async () => {
    workers.push(await startWorker('cpu:0'));
    await stack('down', 'kafka');
    const accepted: JobView[] = [];
    try {
      accepted.push(
        ...(await Promise.all(
          [1, 2, 3].map((i) => submit(api, `Written while the broker was away, number ${i}.`)),
        )),
      );
      expect(accepted.every((j) => j.status === 'queued')).toBe(true);
      const ready = await fetch(`${api.url}/ready`);
      expect(ready.status).toBe(503);
    } finally {
      await stack('up', 'kafka');
    }
    for (const job of accepted) {
      const done = await waitForJob(api, job.id, 180_000);
      expect(done.status).toBe('completed');
      await expectWhole(done);
    }
  });

  it('answers 503 with Retry-After while PostgreSQL is down, and recovers by itself', async () => {
    await stack('down', 'postgres');
    try {
      for (const init of [
        undefined,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"Hello."}' },
      ]) {
        const started = Date.now();
        const res = await api.fetch(`/v1/jobs`, init);
        expect(res.status).toBe(503);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(((await res.json()) as { code: string }).code).toBe('dependency_unavailable');
        expect(Date.now() - started).toBeLessThan(10_000);
      }
    } finally {
      await stack('up', 'postgres');
    }
    const deadline = Date.now() + 60_000;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      status = (await api.fetch(`/v1/jobs`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(200);
  });
});
