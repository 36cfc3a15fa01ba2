import type { DataSource } from 'typeorm';
import { JobEntity, type JobStatus } from '../entities/job.entity';
import type { Pause, SentenceSpan } from '../entities/segment.entity';
import { OutboxRepository, type OutboxMessage } from './outbox.repository';
import { returning } from './sql';

export interface NewJob {
  id: string;
  owner: string;
  voice: string;
  format: string;
  options: Record<string, unknown>;
  title: string | null;
  metadata: Record<string, unknown> | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  charsTotal: number;
  sampleRate: number;
}

export interface NewSegment {
  ordinal: number;
  text: string;
  charStart: number;
  charEnd: number;
  chapter: number;
  pauseAfter: Pause;
  heading: boolean;
  /** Speaking rate where the segment starts (SSML prosody); 1 otherwise. */
  rate: number;
  sentences: SentenceSpan[];
}

export type CreateJobResult =
  { outcome: 'created'; jobId: string } | { outcome: 'replayed'; jobId: string; requestHash: string | null };

/** The owner's queued and running characters would pass its cap. */
export class QuotaExceeded extends Error {
  constructor(
    readonly queued: number,
    readonly cap: number,
  ) {
    super(`${queued} characters queued; cap ${cap}`);
    this.name = 'QuotaExceeded';
  }
}

export interface JobListQuery {
  owner: string;
  status?: JobStatus | undefined;
  /** Opaque position from a previous page: rows strictly after it. */
  after?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

export type CancelResult =
  | { outcome: 'cancelled'; segmentsDone: number; segmentsSkipped: number }
  | { outcome: 'not_found' }
  | { outcome: 'already_final'; status: JobStatus };

const CHUNK = 10_000;

export class JobsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Job, segments and outbox rows in one transaction, segments and outbox rows as bulk
   * inserts (`unnest` arrays, one statement per 10,000 rows). With an idempotency key that
   * is already taken by this owner, nothing is written and the existing job is returned.
   */
  async create(
    job: NewJob,
    segments: NewSegment[],
    outbox: (jobId: string) => OutboxMessage[],
    maxQueuedChars = 0,
  ): Promise<CreateJobResult> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<{ id: string }[]>(
        `INSERT INTO jobs (id, owner, status, voice, format, options, title, metadata, idempotency_key, request_hash,
                           segments_total, chars_total, sample_rate)
         VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (owner, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id`,
        [
          job.id,
          job.owner,
          job.voice,
          job.format,
          JSON.stringify(job.options),
          job.title,
          job.metadata === null ? null : JSON.stringify(job.metadata),
          job.idempotencyKey,
          job.requestHash,
          segments.length,
          job.charsTotal,
          job.sampleRate,
        ],
      );
      if (inserted.length === 0) {
        const [existing] = await tx.query<{ id: string; request_hash: string | null }[]>(
          `SELECT id, request_hash FROM jobs WHERE owner = $1 AND idempotency_key = $2`,
          [job.owner, job.idempotencyKey],
        );
        if (!existing) throw new Error('idempotency conflict without an existing job');
        return { outcome: 'replayed' as const, jobId: existing.id, requestHash: existing.request_hash };
      }
      for (let i = 0; i < segments.length; i += CHUNK) {
        const part = segments.slice(i, i + CHUNK);
        await tx.query(
          `INSERT INTO segments (job_id, ordinal, text, char_start, char_end, chapter, pause_after, sentences, heading, rate)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::jsonb[], $9::bool[], $10::real[])`,
          [
            job.id,
            part.map((s) => s.ordinal),
            part.map((s) => s.text),
            part.map((s) => s.charStart),
            part.map((s) => s.charEnd),
            part.map((s) => s.chapter),
            part.map((s) => s.pauseAfter),
            part.map((s) => JSON.stringify(s.sentences)),
            part.map((s) => s.heading),
            part.map((s) => s.rate),
          ],
        );
      }
      await OutboxRepository.insert(tx, outbox(job.id));
      if (maxQueuedChars > 0) {
        // The cap is checked last, under a per-owner lock held to the commit, so two concurrent
        // submissions cannot both slip under it; everything before runs concurrently, so the
        // critical section is this sum and the commit only.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('quota:' || $1, 0))`, [job.owner]);
        const [row] = await tx.query<{ queued: string }[]>(
          `SELECT COALESCE(sum(chars_total), 0) AS queued FROM jobs WHERE owner = $1 AND status IN ('queued', 'running')`,
          [job.owner],
        );
        const queued = Number(row?.queued ?? 0);
        // Throwing rolls the job back.
        if (queued > maxQueuedChars) throw new QuotaExceeded(queued - job.charsTotal, maxQueuedChars);
      }
      return { outcome: 'created' as const, jobId: job.id };
    });
  }

  findOne(id: string, owner: string): Promise<JobEntity | null> {
    return this.db.getRepository(JobEntity).findOneBy({ id, owner });
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(q: JobListQuery): Promise<JobEntity[]> {
    const qb = this.db
      .getRepository(JobEntity)
      .createQueryBuilder('j')
      .where('j.owner = :owner', { owner: q.owner })
      .orderBy('j.createdAt', 'DESC')
      .addOrderBy('j.id', 'DESC')
      .limit(q.limit);
    if (q.status) qb.andWhere('j.status = :status', { status: q.status });
    if (q.after)
      qb.andWhere('(j.createdAt, j.id) < (:createdAt, :id)', {
        createdAt: q.after.createdAt,
        id: q.after.id,
      });
    return qb.getMany();
  }

  /** Segments finished since `since` (by their last update), for live progress streams. */
  async segmentsDoneSince(
    jobId: string,
    since: Date,
    limit = 1000,
  ): Promise<{ ordinal: number; durationSeconds: number }[]> {
    const rows = await this.db.query<{ ordinal: number; duration_seconds: number | null }[]>(
      `SELECT ordinal, duration_seconds FROM segments
       WHERE job_id = $1 AND status = 'done' AND updated_at >= $2 ORDER BY ordinal LIMIT $3`,
      [jobId, since, limit],
    );
    return rows.map((r) => ({ ordinal: r.ordinal, durationSeconds: Number(r.duration_seconds ?? 0) }));
  }

  /** Audio seconds of the segments done so far. */
  async audioSecondsSoFar(jobId: string): Promise<number> {
    const [row] = await this.db.query<{ s: number | null }[]>(
      `SELECT sum(duration_seconds) AS s FROM segments WHERE job_id = $1 AND status = 'done'`,
      [jobId],
    );
    return Number(row?.s ?? 0);
  }

  /** Cancels a queued or running job: pending segments are skipped; the event goes through the outbox. */
  async cancel(
    id: string,
    owner: string,
    event: (r: { segmentsDone: number; segmentsSkipped: number }) => OutboxMessage,
  ): Promise<CancelResult> {
    return this.db.transaction(async (tx) => {
      const [job] = await tx.query<{ status: JobStatus }[]>(
        `SELECT status FROM jobs WHERE id = $1 AND owner = $2 FOR UPDATE`,
        [id, owner],
      );
      if (!job) return { outcome: 'not_found' as const };
      if (job.status !== 'queued' && job.status !== 'running')
        return { outcome: 'already_final' as const, status: job.status };
      const skipped = await returning<unknown>(
        tx,
        `UPDATE segments SET status = 'skipped', updated_at = now() WHERE job_id = $1 AND status IN ('pending', 'running') RETURNING 1`,
        [id],
      );
      const [done] = await returning<{ segments_done: number }>(
        tx,
        `UPDATE jobs SET status = 'cancelled', finished_at = now(), updated_at = now() WHERE id = $1 RETURNING segments_done`,
        [id],
      );
      const result = { segmentsDone: done?.segments_done ?? 0, segmentsSkipped: skipped.length };
      await OutboxRepository.insert(tx, [event(result)]);
      return { outcome: 'cancelled' as const, ...result };
    });
  }
}
