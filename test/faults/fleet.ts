import { appendFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { TOPICS } from '@chorus/contracts';
import { dataSourceOptions } from '@chorus/database';
import { S3ObjectStorage } from '@chorus/storage';
import { submitText, type ApiClient, type JobView } from '../support/api-client';
import { listen, type Listener } from '../support/event-listener';
import { startApi, startWorker, type AppProcess, type RunningApi } from '../support/processes';
import { config, fixture } from '../support/stack';
import { checkBooks, type BooksReport, type FinalStatus } from './books';

/** Runs per scenario: 1 in the test suite's profile, 3 with `npm run test:faults`. */
export const RUNS = Number(process.env.CHORUS_FAULT_RUNS ?? 1);
/** Jobs in flight per run. */
export const JOBS = Number(process.env.CHORUS_FAULT_JOBS ?? 50);

const SENTENCES = [fixture('paragraph.txt'), fixture('chapters.md').replace(/^#.*$/gm, '')]
  .join(' ')
  .split(/(?<=[.!?])\s+/)
  .map((s) => s.trim())
  .filter((s) => s.length > 10);

/** A small deterministic random source, so a failing run can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A document of the fixtures' sentences: mostly 1 to 4 (one segment), one in eight 8 to 14
 * (several segments, so ordering and stitching are on the line too).
 */
export function documentText(random: () => number): string {
  const count = random() < 0.125 ? 8 + Math.floor(random() * 7) : 1 + Math.floor(random() * 4);
  const start = Math.floor(random() * SENTENCES.length);
  return Array.from({ length: count }, (_, i) => SENTENCES[(start + i) % SENTENCES.length]).join(' ');
}

/** An API, workers, a job-events listener, and direct access to the books (database, bucket). */
export class Fleet {
  readonly db = new DataSource(dataSourceOptions(config.postgres));
  readonly storage = new S3ObjectStorage(config.s3);
  readonly expected = new Map<string, FinalStatus>();
  workers: AppProcess[] = [];
  api!: RunningApi;
  events!: Listener;

  static async start(
    opts: { workers?: number; apiEnv?: Record<string, string>; port?: number } = {},
  ): Promise<Fleet> {
    const fleet = new Fleet();
    await fleet.db.initialize();
    fleet.events = await listen(TOPICS.jobEvents);
    fleet.api = await startApi(opts.port ?? 3120, opts.apiEnv);
    for (let i = 0; i < (opts.workers ?? 2); i++) await fleet.addWorker();
    return fleet;
  }

  async addWorker(env: Record<string, string> = {}): Promise<AppProcess> {
    const worker = await startWorker('cpu:0', env);
    this.workers.push(worker);
    return worker;
  }

  /** Submits `count` jobs of varied size, expecting each to complete. */
  async submitLoad(count: number, random: () => number, client: ApiClient = this.api): Promise<JobView[]> {
    const jobs: JobView[] = [];
    for (let i = 0; i < count; i++) {
      const res = await submitText(client, { text: documentText(random) });
      if (res.status !== 202) throw new Error(`submission refused: ${res.status} ${await res.text()}`);
      const job = (await res.json()) as JobView;
      this.expected.set(job.id, 'completed');
      jobs.push(job);
    }
    return jobs;
  }

  /** Share of the expected jobs' segments done so far. */
  async progress(): Promise<number> {
    const [row] = await this.db.query<{ done: string; total: string }[]>(
      `SELECT COALESCE(sum(segments_done), 0) AS done, COALESCE(sum(segments_total), 0) AS total FROM jobs WHERE id = ANY($1::uuid[])`,
      [[...this.expected.keys()]],
    );
    return Number(row?.total) > 0 ? Number(row?.done) / Number(row?.total) : 0;
  }

  async waitForProgress(share: number, timeoutMs = 300_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.progress()) < share) {
      if (Date.now() > deadline) throw new Error(`progress stayed below ${share}`);
      await sleep(250);
    }
  }

  /**
   * Seconds from `since` until a segment of these jobs is completed after it: how long the
   * fleet took to make progress again once the fault was over.
   */
  async secondsUntilProgress(since: Date, timeoutMs = 300_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [row] = await this.db.query<{ first: Date | null }[]>(
        `SELECT min(updated_at) AS first FROM segments WHERE job_id = ANY($1::uuid[]) AND status = 'done' AND updated_at > $2`,
        [[...this.expected.keys()], since],
      );
      if (row?.first) return (row.first.getTime() - since.getTime()) / 1000;
      if (Date.now() > deadline) throw new Error('no progress after the fault');
      await sleep(200);
    }
  }

  /** Waits until every expected job is final, then checks the books. */
  async settle(timeoutMs = 600_000): Promise<BooksReport> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [row] = await this.db.query<{ open: string }[]>(
        `SELECT count(*) AS open FROM jobs WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'running')`,
        [[...this.expected.keys()]],
      );
      if (Number(row?.open) === 0) break;
      if (Date.now() > deadline) throw new Error(`${row?.open} job(s) still open`);
      await sleep(500);
    }
    // The relay publishes shortly after the commit: give the listener up to 15 s to see every end.
    const ended = (id: string) =>
      this.events.events.some(
        (e) =>
          e.data.jobId === id && (e.type === 'chorus.job.completed.v1' || e.type === 'chorus.job.failed.v1'),
      );
    for (let i = 0; i < 60 && ![...this.expected.keys()].every(ended); i++) await sleep(250);
    return checkBooks(this.db, this.storage, this.expected, this.events.events);
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.api?.process.stop();
    await this.events?.close();
    await this.db.destroy();
  }
}

export interface FaultResult {
  scenario: string;
  run: number;
  jobs: number;
  segments: number;
  outcome: 'pass' | 'fail';
  recoverySeconds: number[];
  totalSeconds: number;
  notes?: string;
}

/** One line per run in out/faults/results.jsonl, for docs/reliability.md. */
export function record(result: FaultResult): void {
  const dir = resolve(__dirname, '../../out/faults');
  mkdirSync(dir, { recursive: true });
  appendFileSync(
    resolve(dir, 'results.jsonl'),
    `${JSON.stringify({ ...result, at: new Date().toISOString() })}\n`,
  );
  console.log(
    `[fault] ${result.scenario} run ${result.run}: ${result.outcome}, ${result.jobs} jobs / ${result.segments} segments checked, recovery ${result.recoverySeconds.map((s) => s.toFixed(1)).join(', ')} s, total ${result.totalSeconds.toFixed(0)} s`,
  );
}
