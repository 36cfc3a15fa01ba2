import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { objectKeys } from '@chorus/contracts';
import { decodeWav, pauseSamples, WAV_HEADER_BYTES, type PauseKind } from '@chorus/speech';
import type { S3ObjectStorage } from '@chorus/storage';
import type { ReceivedEvent } from '../support/event-listener';

export type FinalStatus = 'completed' | 'failed' | 'cancelled';

export interface BooksReport {
  jobs: number;
  completed: number;
  failed: number;
  cancelled: number;
  segments: number;
  audioBytes: number;
  problems: string[];
}

interface JobRow {
  id: string;
  status: string;
  segments_total: number;
  segments_done: number;
  audio_key: string | null;
  audio_bytes: string | null;
  audio_sha256: string | null;
}

interface Manifest {
  sampleRate: number;
  segments: { ordinal: number; pauseAfter: PauseKind }[];
}

/**
 * The books after a fault: every job in its expected final state; a completed job has every
 * segment once, done, with a whole WAV object; its audio is exactly its segments in order with
 * the pause rules (sample for sample), with the recorded size and sha256; its completion (or
 * failure) is in the outbox exactly once and reached Kafka under one event id.
 */
export async function checkBooks(
  db: DataSource,
  storage: S3ObjectStorage,
  expected: Map<string, FinalStatus>,
  jobEvents: readonly ReceivedEvent[],
): Promise<BooksReport> {
  const report: BooksReport = {
    jobs: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    segments: 0,
    audioBytes: 0,
    problems: [],
  };
  const problem = (jobId: string, what: string) => report.problems.push(`${jobId}: ${what}`);
  const rows = await db.query<JobRow[]>(
    `SELECT id, status, segments_total, segments_done, audio_key, audio_bytes, audio_sha256 FROM jobs WHERE id = ANY($1::uuid[])`,
    [[...expected.keys()]],
  );
  if (rows.length !== expected.size)
    report.problems.push(`${expected.size - rows.length} accepted job(s) missing`);
  const outbox = await db.query<{ job_id: string; type: string; n: string }[]>(
    `SELECT payload->'data'->>'jobId' AS job_id, payload->>'type' AS type, count(*) AS n FROM outbox
     WHERE payload->>'type' IN ('chorus.job.completed.v1', 'chorus.job.failed.v1')
       AND payload->'data'->>'jobId' = ANY($1::text[])
     GROUP BY 1, 2`,
    [[...expected.keys()]],
  );
  const recorded = (jobId: string, type: string) =>
    Number(outbox.find((o) => o.job_id === jobId && o.type === type)?.n ?? 0);
  const published = (jobId: string, type: string) =>
    new Set(jobEvents.filter((e) => e.type === type && e.data.jobId === jobId).map((e) => e.id)).size;

  for (const job of rows) {
    report.jobs++;
    const want = expected.get(job.id);
    if (job.status !== want) {
      problem(job.id, `status ${job.status}, expected ${want}`);
      continue;
    }
    if (job.status === 'cancelled') {
      report.cancelled++;
      continue;
    }
    const finalType = job.status === 'completed' ? 'chorus.job.completed.v1' : 'chorus.job.failed.v1';
    if (recorded(job.id, finalType) !== 1)
      problem(job.id, `${finalType} recorded ${recorded(job.id, finalType)} times`);
    if (published(job.id, finalType) !== 1)
      problem(job.id, `${finalType} published under ${published(job.id, finalType)} ids`);
    if (job.status === 'failed') {
      report.failed++;
      continue;
    }
    report.completed++;
    await checkCompleted(db, storage, job, report, problem);
  }
  return report;
}

async function checkCompleted(
  db: DataSource,
  storage: S3ObjectStorage,
  job: JobRow,
  report: BooksReport,
  problem: (jobId: string, what: string) => void,
): Promise<void> {
  const segments = await db.query<
    { ordinal: number; status: string; samples: number | null; object_key: string }[]
  >(`SELECT ordinal, status, samples, object_key FROM segments WHERE job_id = $1 ORDER BY ordinal`, [job.id]);
  if (segments.length !== job.segments_total || job.segments_done !== job.segments_total)
    problem(
      job.id,
      `${segments.length} segment rows, ${job.segments_done} done, ${job.segments_total} expected`,
    );
  segments.forEach((s, i) => {
    if (s.ordinal !== i) problem(job.id, `segment ordinals not 0..n-1 (found ${s.ordinal} at ${i})`);
    if (s.status !== 'done') problem(job.id, `segment ${s.ordinal} is ${s.status}`);
  });
  report.segments += segments.length;

  const bytes = await storage.get(job.audio_key ?? '');
  report.audioBytes += bytes.length;
  if (bytes.length !== Number(job.audio_bytes))
    problem(job.id, `audio has ${bytes.length} bytes, recorded ${job.audio_bytes}`);
  if (createHash('sha256').update(bytes).digest('hex') !== job.audio_sha256)
    problem(job.id, 'audio sha256 differs');
  const audio = decodeWav(bytes);
  if (WAV_HEADER_BYTES + audio.samples.length * 2 !== bytes.length)
    problem(job.id, 'audio WAV header and length disagree');
  const manifest = JSON.parse((await storage.get(objectKeys.manifest(job.id))).toString()) as Manifest;
  let pos = 0;
  for (const seg of manifest.segments) {
    const row = segments.find((s) => s.ordinal === seg.ordinal);
    const raw = await storage.get(row?.object_key ?? '');
    const segment = decodeWav(raw);
    if (WAV_HEADER_BYTES + segment.samples.length * 2 !== raw.length)
      problem(job.id, `segment ${seg.ordinal} object is not a whole WAV`);
    if (segment.samples.length !== row?.samples)
      problem(
        job.id,
        `segment ${seg.ordinal} object has ${segment.samples.length} samples, recorded ${row?.samples}`,
      );
    const stitched = Buffer.from(
      audio.samples.buffer,
      audio.samples.byteOffset + pos * 2,
      segment.samples.length * 2,
    );
    const stored = Buffer.from(
      segment.samples.buffer,
      segment.samples.byteOffset,
      segment.samples.length * 2,
    );
    if (!stitched.equals(stored)) problem(job.id, `audio at segment ${seg.ordinal} is not that segment`);
    pos += segment.samples.length;
    const gap = pauseSamples(seg.pauseAfter, audio.sampleRate);
    if (!audio.samples.subarray(pos, pos + gap).every((s) => s === 0))
      problem(job.id, `pause after ${seg.ordinal} is not silence`);
    pos += gap;
  }
  if (manifest.segments.length !== job.segments_total)
    problem(job.id, 'manifest does not list every segment');
  if (pos !== audio.samples.length)
    problem(job.id, `audio has ${audio.samples.length - pos} samples more than its segments`);
}
