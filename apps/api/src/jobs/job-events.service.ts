import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectConfig, type ChorusConfig } from '@chorus/config';
import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { JobsRepository, type JobEntity } from '@chorus/database';
import { FINAL_STATUSES, progressId, type SseEvent } from './job-event-stream';
import { JobsService } from './jobs.service';
import { toJobView } from './job-view';

/**
 * Live progress of one job, built by polling its row: a primary-key read every
 * `CHORUS_SSE_POLL_MS`, so any API replica can serve any stream, with no Kafka consumer group
 * per replica and nothing to lose on a rebalance. Events come out when something changed.
 */
@Injectable()
export class JobEventsService {
  constructor(
    @InjectConfig() private readonly config: ChorusConfig,
    private readonly jobs: JobsRepository,
    private readonly views: JobsService,
  ) {}

  /** Throws job_not_found (404) before any byte is streamed when the tenant has no such job. */
  async open(owner: string, id: string): Promise<JobEntity> {
    const job = await this.jobs.findOne(id, owner);
    if (!job) throw new DomainError(ERROR_CODES.JOB_NOT_FOUND, `no job ${id}`);
    return job;
  }

  /**
   * Yields events until the job is final (its last event is `completed`, `failed` or
   * `cancelled`) or `signal` aborts. `resumeFrom` (from Last-Event-ID) skips a first progress
   * event the client has already seen.
   */
  async *events(
    owner: string,
    first: JobEntity,
    signal: AbortSignal,
    resumeFrom: number | undefined,
  ): AsyncGenerator<SseEvent> {
    let job: JobEntity | null = first;
    let reported = resumeFrom ?? -1;
    let since = new Date(first.updatedAt.getTime() - 1000);
    const seen = new Set<number>();
    while (job && !signal.aborted) {
      if (job.segmentsDone !== reported) {
        // Segments that finished since the last look (with a second of overlap against clock
        // skew between replicas; `seen` drops the repeats).
        if (reported >= 0 || resumeFrom !== undefined) {
          const polledAt = new Date();
          for (const s of await this.jobs.segmentsDoneSince(job.id, since)) {
            if (seen.has(s.ordinal)) continue;
            seen.add(s.ordinal);
            yield { event: 'segment', id: progressId(job.segmentsDone), data: { jobId: job.id, ...s } };
          }
          since = new Date(polledAt.getTime() - 1000);
        }
        reported = job.segmentsDone;
        const progress = toJobView(job, { audioSeconds: await this.jobs.audioSecondsSoFar(job.id) }).progress;
        yield {
          event: 'progress',
          id: progressId(job.segmentsDone),
          data: { jobId: job.id, status: job.status, ...progress },
        };
      }
      if (FINAL_STATUSES.has(job.status)) {
        const view = await this.views.get(owner, job.id);
        yield { event: job.status as 'completed' | 'failed' | 'cancelled', id: job.status, data: view };
        return;
      }
      await sleep(this.config.api.ssePollMs, undefined, { signal }).catch(() => undefined);
      job = await this.jobs.findOne(job.id, owner);
    }
  }
}
