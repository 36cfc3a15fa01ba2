import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Producer } from 'kafkajs';
import { backoffMs, retryTransient } from '@chorus/bus';
import {
  cloudEvent,
  maskText,
  JOB_FAILED_V1,
  objectKeys,
  SEGMENT_COMPLETED_V1,
  TOPICS,
  type JobFailedV1,
  type SegmentCompletedV1,
  type SegmentRequestedV1,
} from '@chorus/contracts';
import type { SegmentResult, SegmentsRepository, SegmentWork } from '@chorus/database';
import { encodeWav } from '@chorus/speech';
import type { ObjectStorage } from '@chorus/storage';
import type { JobFinalizer } from './job-finalizer';
import type { SegmentSynthesizer, SynthesizedSegment } from './segment-synthesizer';

export interface SegmentMessage {
  request: SegmentRequestedV1;
  /** The message as it arrived, for the dead-letter topic. */
  raw: { key: string | null; value: string };
}

export type SegmentOutcome = 'done' | 'skipped' | 'dead-lettered';

export interface ProcessorOptions {
  device: string;
  maxAttempts: number;
  finalizeLeaseSeconds: number;
  /** How long to retry PostgreSQL, S3 or Kafka while they are down before giving the batch back. */
  retrySeconds: number;
  /** Called once finished segments are recorded with their events in the outbox (the relay's nudge). */
  onRecorded?: () => void;
  /** Wraps the whole of each batch (the interactive lane holds the device's gate with it). */
  around?: <T>(work: () => Promise<T>) => Promise<T>;
}

const keyOf = (k: { jobId: string; ordinal: number }) => `${k.jobId}:${k.ordinal}`;

/**
 * What happens to a batch of segment requests on one device: claim (counting the attempt),
 * synthesize in one pass, store each segment's audio under its deterministic key, mark the
 * segments done with their events in one transaction, and hand finished jobs to the
 * finalizer. A failing segment is retried with backoff; after the last attempt it goes to
 * the dead-letter topic and its job fails with the reason. Every message resolves with an
 * outcome. A backing service that is down (database, storage, broker) costs no attempt: each
 * call to one is retried with backoff for `retrySeconds`; past that the batch rejects and is
 * redelivered (to this worker or another).
 */
export class SegmentProcessor {
  private readonly logger = new Logger(SegmentProcessor.name);

  constructor(
    private readonly segments: SegmentsRepository,
    private readonly storage: ObjectStorage,
    private readonly producer: Producer,
    private readonly synthesizer: SegmentSynthesizer,
    private readonly finalizer: JobFinalizer,
    private readonly opts: ProcessorOptions,
  ) {}

  process(messages: SegmentMessage[]): Promise<SegmentOutcome[]> {
    return this.opts.around ? this.opts.around(() => this.processAll(messages)) : this.processAll(messages);
  }

  private async processAll(messages: SegmentMessage[]): Promise<SegmentOutcome[]> {
    const outcome = new Map<string, SegmentOutcome>();
    let pending = messages;
    for (let round = 0; pending.length > 0; round++) {
      if (round > 0) await sleep(backoffMs(round - 1, 200, 5000));
      pending = await this.attempt(pending, outcome);
    }
    const jobs = [...new Set(messages.map((m) => m.request.jobId))];
    const ready = await this.retry('find jobs ready to finalize', () =>
      this.segments.readyToFinalize(jobs, this.opts.finalizeLeaseSeconds),
    );
    for (const jobId of ready) this.finalizer.trigger(jobId);
    return messages.map((m) => outcome.get(keyOf(m.request)) ?? 'skipped');
  }

  /** One attempt at every message; returns the ones to try again. */
  private async attempt(
    messages: SegmentMessage[],
    outcome: Map<string, SegmentOutcome>,
  ): Promise<SegmentMessage[]> {
    const claimed = await this.retry(`claim ${messages.length} segment(s)`, () =>
      this.segments.claim(messages.map((m) => m.request)),
    );
    const claims = new Map(claimed.map((w) => [keyOf(w), w]));
    const work: { msg: SegmentMessage; claim: SegmentWork }[] = [];
    for (const msg of messages) {
      const claim = claims.get(keyOf(msg.request));
      const active =
        claim &&
        claim.status === 'running' &&
        (claim.jobStatus === 'queued' || claim.jobStatus === 'running');
      if (!claim || !active) outcome.set(keyOf(msg.request), 'skipped');
      else work.push({ msg, claim });
    }
    if (work.length === 0) return [];
    const synthesized = await this.synthesizer.synthesize(
      work.map((w) => ({ work: w.claim, voice: w.msg.request.voice, speed: w.msg.request.speed })),
    );
    const results: SegmentResult[] = [];
    const retry: SegmentMessage[] = [];
    await Promise.all(
      work.map(async ({ msg, claim }, i) => {
        const audio = synthesized[i]!;
        if (audio instanceof Error) {
          if (await this.failed(msg, claim, audio)) retry.push(msg);
          else outcome.set(keyOf(claim), 'dead-lettered');
          return;
        }
        results.push(await this.store(claim, audio));
        outcome.set(keyOf(claim), 'done');
      }),
    );
    const superseded = await this.retry(`record ${results.length} finished segment(s)`, () =>
      this.segments.complete(results, (r) => {
        const data: SegmentCompletedV1 = {
          jobId: r.jobId,
          ordinal: r.ordinal,
          key: r.objectKey,
          durationSeconds: r.durationSeconds,
          device: this.opts.device,
        };
        return {
          topic: TOPICS.segmentEvents,
          key: r.jobId,
          payload: { ...cloudEvent(SEGMENT_COMPLETED_V1, data, `${r.jobId}/${r.ordinal}`) },
        };
      }),
    );
    if (results.length > superseded.length) this.opts.onRecorded?.();
    // Another attempt finished these first and its audio is the one recorded: ours goes.
    for (const r of superseded) {
      this.logger.log(`segment ${keyOf(r)} was completed by another attempt; removing ${r.objectKey}`);
      await this.storage.remove(r.objectKey).catch((err: unknown) => {
        this.logger.warn(`could not remove superseded ${r.objectKey}: ${(err as Error).message}`);
      });
    }
    return retry;
  }

  private async store(claim: SegmentWork, synthesized: SynthesizedSegment): Promise<SegmentResult> {
    const wav = encodeWav({ samples: synthesized.audio.samples, sampleRate: synthesized.sampleRate });
    const objectKey = objectKeys.segment(claim.jobId, claim.ordinal, claim.attempts);
    await this.retry(`store segment ${keyOf(claim)}`, () => this.storage.put(objectKey, wav, 'audio/wav'));
    return {
      jobId: claim.jobId,
      ordinal: claim.ordinal,
      objectKey,
      samples: synthesized.audio.samples.length,
      durationSeconds: synthesized.audio.samples.length / synthesized.sampleRate,
      sha256: createHash('sha256').update(wav).digest('hex'),
      timing: { sentences: synthesized.audio.sentences },
    };
  }

  /** Records a failed attempt; true when the segment gets another. */
  private async failed(msg: SegmentMessage, claim: SegmentWork, err: Error): Promise<boolean> {
    const reason = `${err.name}: ${err.message}`;
    if (claim.attempts < this.opts.maxAttempts) {
      this.logger.warn(
        `segment ${keyOf(claim)} failed attempt ${claim.attempts}/${this.opts.maxAttempts}, will retry: ${reason}`,
      );
      await this.retry(`record the error of segment ${keyOf(claim)}`, () =>
        this.segments.recordError(claim, reason),
      );
      return true;
    }
    // The text helps an operator find the passage; masked, since documents can be private.
    this.logger.error(
      `segment ${keyOf(claim)} failed ${claim.attempts} times; dead-lettering it and failing job ${claim.jobId}: ${reason}; text: ${maskText(claim.text)}`,
    );
    await this.retry(`dead-letter segment ${keyOf(claim)}`, () =>
      this.producer.send({
        topic: TOPICS.segmentsDlq,
        messages: [
          {
            key: msg.raw.key,
            value: msg.raw.value,
            headers: {
              'x-chorus-reason': reason.slice(0, 1000),
              'x-chorus-attempts': String(claim.attempts),
              'x-chorus-device': this.opts.device,
            },
          },
        ],
      }),
    );
    const data: JobFailedV1 = {
      jobId: claim.jobId,
      reason: `segment ${claim.ordinal} failed after ${claim.attempts} attempts: ${reason}`,
    };
    await this.retry(`fail job ${claim.jobId}`, () =>
      this.segments.fail(claim, data.reason, {
        topic: TOPICS.jobEvents,
        key: claim.jobId,
        payload: { ...cloudEvent(JOB_FAILED_V1, data, claim.jobId) },
      }),
    );
    return false;
  }

  private retry<T>(what: string, op: () => Promise<T>): Promise<T> {
    return retryTransient(op, { what, logger: this.logger, maxSeconds: this.opts.retrySeconds });
  }
}
