import type { DataSource } from 'typeorm';
import type { JobChapter, JobStatus } from '../entities/job.entity';
import type { Pause, SegmentStatus, SegmentTiming, SentenceSpan } from '../entities/segment.entity';
import { OutboxRepository, type OutboxMessage } from './outbox.repository';
import { returning } from './sql';

export interface SegmentKey {
  jobId: string;
  ordinal: number;
}

export interface SegmentWork extends SegmentKey {
  text: string;
  charStart: number;
  sentences: SentenceSpan[];
  heading: boolean;
  rate: number;
  status: SegmentStatus;
  attempts: number;
  jobStatus: JobStatus;
  /** The job's options (speed, lexicon, ...), as the API recorded them. */
  jobOptions: Record<string, unknown>;
}

export interface StaleSegment extends SegmentKey {
  voice: string;
  speed: number;
  /** The job's lane, so a requeued segment goes back where it came from. */
  priority: 'interactive' | 'batch';
}

export interface SegmentResult extends SegmentKey {
  objectKey: string;
  samples: number;
  durationSeconds: number;
  sha256: string;
  timing: SegmentTiming;
}

export interface StitchSegment {
  ordinal: number;
  objectKey: string;
  samples: number;
  pauseAfter: Pause;
  text: string;
  charStart: number;
  charEnd: number;
  chapter: number;
  /** The segment is a heading (its text names the chapter). */
  heading: boolean;
  sentences: SentenceSpan[];
  timing: SegmentTiming;
}

export interface FinalizeClaim {
  id: string;
  options: Record<string, unknown>;
  sampleRate: number;
  format: string;
  title: string | null;
  metadata: Record<string, unknown> | null;
}

const keysParams = (keys: SegmentKey[]) => [keys.map((k) => k.jobId), keys.map((k) => k.ordinal)];

/** The worker's view of segments: claim, complete, fail, and what finalizing needs. */
export class SegmentsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Counts an attempt on every segment that still needs work and returns it with its text
   * and its job's status. Segments already done, skipped or failed come back unchanged so
   * the caller can acknowledge them without work.
   */
  async claim(keys: SegmentKey[]): Promise<SegmentWork[]> {
    type Row = {
      job_id: string;
      ordinal: number;
      text: string;
      char_start: number;
      sentences: SentenceSpan[];
      heading: boolean;
      rate: number;
      status: SegmentStatus;
      attempts: number;
      job_status: JobStatus;
      job_options: Record<string, unknown>;
    };
    const rows = await this.db.query<Row[]>(
      `WITH k AS (SELECT * FROM unnest($1::uuid[], $2::int[]) AS k(job_id, ordinal)),
       bumped AS (
         UPDATE segments s SET attempts = s.attempts + 1, status = 'running', updated_at = now()
         FROM k, jobs j
         WHERE s.job_id = k.job_id AND s.ordinal = k.ordinal AND j.id = s.job_id
           AND s.status IN ('pending', 'running') AND j.status IN ('queued', 'running')
         RETURNING s.job_id, s.ordinal, s.status, s.attempts)
       SELECT s.job_id, s.ordinal, s.text, s.char_start, s.sentences, s.heading, s.rate, j.options AS job_options,
              coalesce(b.status, s.status) AS status, coalesce(b.attempts, s.attempts) AS attempts, j.status AS job_status
       FROM k JOIN segments s ON s.job_id = k.job_id AND s.ordinal = k.ordinal
       JOIN jobs j ON j.id = s.job_id
       LEFT JOIN bumped b ON b.job_id = s.job_id AND b.ordinal = s.ordinal`,
      keysParams(keys),
    );
    return rows.map((r) => ({
      jobId: r.job_id,
      ordinal: r.ordinal,
      text: r.text,
      charStart: r.char_start,
      sentences: r.sentences,
      heading: r.heading,
      rate: r.rate,
      status: r.status,
      attempts: r.attempts,
      jobStatus: r.job_status,
      jobOptions: r.job_options,
    }));
  }

  /**
   * Marks segments done (only those not done yet: a redelivered segment changes nothing),
   * advances their jobs' counters and records an event for each segment that changed, in one
   * transaction. Returns the results that another attempt had completed first.
   */
  async complete(
    results: SegmentResult[],
    event: (r: SegmentResult) => OutboxMessage,
  ): Promise<SegmentResult[]> {
    if (results.length === 0) return [];
    return this.db.transaction(async (tx) => {
      const changed = await returning<{ job_id: string; ordinal: number }>(
        tx,
        `WITH d AS (
           SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::float8[], $6::text[], $7::jsonb[])
             AS d(job_id, ordinal, object_key, samples, duration_seconds, sha256, timing))
         UPDATE segments s SET status = 'done', object_key = d.object_key, samples = d.samples,
                duration_seconds = d.duration_seconds, sha256 = d.sha256, timing = d.timing, last_error = NULL, updated_at = now()
         FROM d WHERE s.job_id = d.job_id AND s.ordinal = d.ordinal AND s.status IN ('pending', 'running')
         RETURNING s.job_id, s.ordinal`,
        [
          results.map((r) => r.jobId),
          results.map((r) => r.ordinal),
          results.map((r) => r.objectKey),
          results.map((r) => r.samples),
          results.map((r) => r.durationSeconds),
          results.map((r) => r.sha256),
          results.map((r) => JSON.stringify(r.timing)),
        ],
      );
      const isChanged = new Set(changed.map((c) => `${c.job_id}:${c.ordinal}`));
      const superseded = results.filter((r) => !isChanged.has(`${r.jobId}:${r.ordinal}`));
      if (changed.length === 0) return superseded;
      const counts = new Map<string, number>();
      for (const c of changed) counts.set(c.job_id, (counts.get(c.job_id) ?? 0) + 1);
      await tx.query(
        `UPDATE jobs j SET segments_done = j.segments_done + n.n,
                status = CASE WHEN j.status = 'queued' THEN 'running' ELSE j.status END,
                started_at = coalesce(j.started_at, now()), updated_at = now()
         FROM unnest($1::uuid[], $2::int[]) AS n(job_id, n)
         WHERE j.id = n.job_id`,
        [[...counts.keys()], [...counts.values()]],
      );
      await OutboxRepository.insert(
        tx,
        results.filter((r) => isChanged.has(`${r.jobId}:${r.ordinal}`)).map(event),
      );
      return superseded;
    });
  }

  /** Running jobs whose segments are all done and that nobody holds the finalize lease on. */
  async allReadyToFinalize(leaseSeconds: number, limit = 20): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM jobs WHERE status = 'running' AND segments_done = segments_total
         AND (finalizing_at IS NULL OR finalizing_at < now() - make_interval(secs => $1))
       ORDER BY updated_at LIMIT $2`,
      [leaseSeconds, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Records a failed attempt; the segment stays eligible for another try. */
  async recordError(key: SegmentKey, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE segments SET last_error = $3, updated_at = now() WHERE job_id = $1 AND ordinal = $2`,
      [key.jobId, key.ordinal, reason.slice(0, 2000)],
    );
  }

  /**
   * Gives up on a segment: it is marked failed, its job fails with the reason (once), the
   * job's other pending segments are skipped, and the event goes through the outbox.
   */
  /**
   * The reaper: segments `running` for longer than the lease (their worker died and their
   * request will not come back by itself) go back to `pending` and are announced again, in
   * one transaction. A slow worker that still finishes one is harmless: completion is
   * conditional and the object key deterministic.
   */
  async requeueStale(
    leaseSeconds: number,
    event: (s: StaleSegment) => OutboxMessage,
    limit = 500,
  ): Promise<StaleSegment[]> {
    return this.db.transaction(async (tx) => {
      const rows = await returning<{
        job_id: string;
        ordinal: number;
        voice: string;
        options: { speed?: unknown; priority?: unknown };
      }>(
        tx,
        `WITH stale AS (
           SELECT s.job_id, s.ordinal FROM segments s JOIN jobs j ON j.id = s.job_id
           WHERE s.status = 'running' AND s.updated_at < now() - make_interval(secs => $1)
             AND j.status IN ('queued', 'running')
           ORDER BY s.updated_at LIMIT $2
           FOR UPDATE OF s SKIP LOCKED)
         UPDATE segments s SET status = 'pending', updated_at = now()
         FROM stale, jobs j
         WHERE s.job_id = stale.job_id AND s.ordinal = stale.ordinal AND j.id = s.job_id
         RETURNING s.job_id, s.ordinal, j.voice, j.options`,
        [leaseSeconds, limit],
      );
      const stale = rows.map((r) => ({
        jobId: r.job_id,
        ordinal: r.ordinal,
        voice: r.voice,
        speed: typeof r.options.speed === 'number' ? r.options.speed : 1,
        priority: r.options.priority === 'interactive' ? ('interactive' as const) : ('batch' as const),
      }));
      await OutboxRepository.insert(tx, stale.map(event));
      return stale;
    });
  }

  async fail(key: SegmentKey, reason: string, event: OutboxMessage): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE segments SET status = 'failed', last_error = $3, updated_at = now()
         WHERE job_id = $1 AND ordinal = $2 AND status IN ('pending', 'running')`,
        [key.jobId, key.ordinal, reason.slice(0, 2000)],
      );
      const failed = await returning<{ id: string }>(
        tx,
        `UPDATE jobs SET status = 'failed', error = $2, finished_at = now(), updated_at = now()
         WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
        [key.jobId, reason.slice(0, 2000)],
      );
      if (failed.length === 0) return false;
      await tx.query(
        `UPDATE segments SET status = 'skipped', updated_at = now() WHERE job_id = $1 AND status = 'pending'`,
        [key.jobId],
      );
      await OutboxRepository.insert(tx, [event]);
      return true;
    });
  }

  /** Jobs among these whose segments are all done and that nobody is finalizing. */
  async readyToFinalize(jobIds: string[], leaseSeconds: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM jobs WHERE id = ANY($1::uuid[]) AND status = 'running' AND segments_done = segments_total
         AND (finalizing_at IS NULL OR finalizing_at < now() - make_interval(secs => $2))`,
      [jobIds, leaseSeconds],
    );
    return rows.map((r) => r.id);
  }

  /** Gives the finalize lease back after a failed attempt, so the next sweep retries at once. */
  async releaseFinalize(jobId: string): Promise<void> {
    await this.db.query(`UPDATE jobs SET finalizing_at = NULL WHERE id = $1 AND status = 'running'`, [jobId]);
  }

  /** Takes the finalize lease on a job, or returns undefined if it is not ours to finalize. */
  async claimFinalize(jobId: string, leaseSeconds: number): Promise<FinalizeClaim | undefined> {
    const [row] = await returning<{
      id: string;
      sample_rate: number;
      format: string;
      title: string | null;
      metadata: Record<string, unknown> | null;
      options: Record<string, unknown>;
    }>(
      this.db.manager,
      `UPDATE jobs SET finalizing_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'running' AND segments_done = segments_total
         AND (finalizing_at IS NULL OR finalizing_at < now() - make_interval(secs => $2))
       RETURNING id, sample_rate, format, title, metadata, options`,
      [jobId, leaseSeconds],
    );
    return row
      ? {
          id: row.id,
          options: row.options,
          sampleRate: row.sample_rate,
          format: row.format,
          title: row.title,
          metadata: row.metadata,
        }
      : undefined;
  }

  /** The job's segments in order, a page at a time, so a long document is never loaded whole. */
  async *stitchOrder(jobId: string, pageSize = 500): AsyncGenerator<StitchSegment> {
    let after = -1;
    for (;;) {
      type Row = {
        ordinal: number;
        object_key: string;
        samples: number;
        pause_after: Pause;
        text: string;
        char_start: number;
        char_end: number;
        chapter: number;
        heading: boolean;
        sentences: SentenceSpan[];
        timing: SegmentTiming;
      };
      const rows = await this.db.query<Row[]>(
        `SELECT ordinal, object_key, samples, pause_after, text, char_start, char_end, chapter, heading, sentences, timing
         FROM segments WHERE job_id = $1 AND ordinal > $2 ORDER BY ordinal LIMIT $3`,
        [jobId, after, pageSize],
      );
      for (const r of rows) {
        yield {
          ordinal: r.ordinal,
          objectKey: r.object_key,
          samples: r.samples,
          pauseAfter: r.pause_after,
          text: r.text,
          charStart: r.char_start,
          charEnd: r.char_end,
          chapter: r.chapter,
          heading: r.heading,
          sentences: r.sentences,
          timing: r.timing,
        };
      }
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]?.ordinal ?? after;
    }
  }

  /** Sum of segment samples, to write the final WAV header before streaming the data. */
  async totalSamples(
    jobId: string,
  ): Promise<{ samples: number; segments: number; pauses: Record<Pause, number> }> {
    const rows = await this.db.query<{ pause_after: Pause; n: number; samples: string }[]>(
      `SELECT pause_after, count(*)::int AS n, coalesce(sum(samples), 0) AS samples FROM segments WHERE job_id = $1 GROUP BY pause_after`,
      [jobId],
    );
    const pauses: Record<Pause, number> = { sentence: 0, paragraph: 0, chapter: 0, end: 0 };
    let samples = 0;
    let segments = 0;
    for (const r of rows) {
      pauses[r.pause_after] = r.n;
      samples += Number(r.samples);
      segments += r.n;
    }
    return { samples, segments, pauses };
  }

  /** Samples and pause counts per chapter, for writing one file per chapter. */
  async samplesByChapter(
    jobId: string,
  ): Promise<Map<number, { samples: number; pauses: Record<Pause, number> }>> {
    const rows = await this.db.query<{ chapter: number; pause_after: Pause; n: number; samples: string }[]>(
      `SELECT chapter, pause_after, count(*)::int AS n, coalesce(sum(samples), 0) AS samples
       FROM segments WHERE job_id = $1 GROUP BY chapter, pause_after`,
      [jobId],
    );
    const chapters = new Map<number, { samples: number; pauses: Record<Pause, number> }>();
    for (const r of rows) {
      const c = chapters.get(r.chapter) ?? {
        samples: 0,
        pauses: { sentence: 0, paragraph: 0, chapter: 0, end: 0 },
      };
      c.samples += Number(r.samples);
      c.pauses[r.pause_after] += r.n;
      chapters.set(r.chapter, c);
    }
    return chapters;
  }

  /** Completes the job once: only the update that finds it running wins and emits the event. */
  async completeJob(
    jobId: string,
    audio: { key: string; bytes: number; seconds: number; sha256: string },
    event: OutboxMessage,
    chapters: JobChapter[] | null = null,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const won = await returning<{ id: string }>(
        tx,
        `UPDATE jobs SET status = 'completed', audio_key = $2, audio_bytes = $3, audio_seconds = $4, audio_sha256 = $5,
                chapters = $6::jsonb, finished_at = now(), finalizing_at = NULL, updated_at = now()
         WHERE id = $1 AND status = 'running' RETURNING id`,
        [
          jobId,
          audio.key,
          audio.bytes,
          audio.seconds,
          audio.sha256,
          chapters ? JSON.stringify(chapters) : null,
        ],
      );
      if (won.length === 0) return false;
      await OutboxRepository.insert(tx, [event]);
      return true;
    });
  }
}
