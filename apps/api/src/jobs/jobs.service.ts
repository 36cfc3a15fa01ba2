import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectConfig, type ChorusConfig } from '@chorus/config';
import {
  cloudEvent,
  DomainError,
  ERROR_CODES,
  JOB_ACCEPTED_V1,
  JOB_CANCELLED_V1,
  objectKeys,
  rateAt,
  segmentRequestedMessage,
  TOPICS,
  type JobAcceptedV1,
  type JobCancelledV1,
  type JobPriority,
} from '@chorus/contracts';
import {
  JobsRepository,
  LexiconsRepository,
  QuotaExceeded,
  type CreateJobResult,
  type NewJob,
  type NewSegment,
  type JobEntity,
  type JobStatus,
  type OutboxMessage,
} from '@chorus/database';
import { ingestDocument, segmentDocument } from '@chorus/documents';
import { Lexicon, VoiceCatalog } from '@chorus/speech';
import { OBJECT_STORAGE, type ObjectStorage } from '@chorus/storage';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { assertAllowedScripts } from './allowed-scripts';
import type { JobRequest } from './job-request';
import { toJobView, type JobView } from './job-view';

export interface Accepted {
  view: JobView;
  replayed: boolean;
}

export interface JobPage {
  items: JobView[];
  nextCursor: string | null;
}

@Injectable()
export class JobsService {
  constructor(
    @InjectConfig() private readonly config: ChorusConfig,
    private readonly jobs: JobsRepository,
    private readonly lexicons: LexiconsRepository,
    private readonly catalog: VoiceCatalog,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly relay: OutboxRelayService,
  ) {}

  /** Parses and segments the document, then records job, segments and their announcements at once. */
  async create(owner: string, req: JobRequest, idempotencyKey: string | undefined): Promise<Accepted> {
    const max = this.config.pipeline.maxDocumentChars;
    if (req.document.kind !== 'file') {
      const source = req.document.kind === 'text' ? req.document.text : req.document.ssml;
      if (source.length > max) throw tooLarge(source.length, max);
      if (source.trim() === '') throw new DomainError(ERROR_CODES.TEXT_EMPTY, 'the text is empty');
    }
    const voiceName = req.voice ?? this.config.speech.defaultVoice;
    const voice = this.catalog.describe(voiceName);
    const doc = ingestDocument(req.document);
    if (doc.text.length > max) throw tooLarge(doc.text.length, max);
    const cap = this.config.security.tenantMaxQueuedChars;
    if (cap > 0 && doc.text.length > cap)
      throw new DomainError(
        ERROR_CODES.DOCUMENT_TOO_LARGE,
        `the document has ${doc.text.length} characters; a tenant may queue at most ${cap}`,
      );
    assertAllowedScripts(doc.text, voice.language, this.config.security.allowedScripts);
    const priority = this.priorityOf(req, doc.text.length);
    const plan = segmentDocument(doc, { maxChars: this.config.pipeline.segmentMaxChars });
    const speed = req.speed;
    // SSML <prosody rate> switches inside the text: each segment starts at the rate in effect there.
    const rates = rateAt(
      doc.text,
      plan.map((s) => s.charStart),
    );
    // The owner's lexicon as it is now, under the job's own entries (which win).
    const lexicon = Lexicon.from(await this.lexicons.get(owner)).merge(Lexicon.from(req.lexicon)).entries;
    if (plan.length === 0) {
      if (doc.text.trim() === '') throw new DomainError(ERROR_CODES.TEXT_EMPTY, 'the document has no text');
      throw new DomainError(
        ERROR_CODES.TEXT_UNSPEAKABLE,
        'the document has nothing to read aloud (no letters or digits)',
      );
    }
    const result = await this.createWithinQuota(
      {
        id: randomUUID(),
        owner,
        voice: voiceName,
        format: req.format,
        options: {
          speed,
          priority,
          ...(lexicon.length ? { lexicon } : {}),
          ...(req.sampleRate === undefined ? {} : { sampleRate: req.sampleRate }),
          ...(req.split === 'none' ? {} : { split: req.split }),
        },
        title: req.title ?? doc.title ?? null,
        metadata: req.metadata,
        idempotencyKey: idempotencyKey ?? null,
        requestHash: req.hash,
        charsTotal: doc.text.length,
        sampleRate: voice.sampleRate,
      },
      plan.map((s) => ({
        ordinal: s.ordinal,
        text: s.text,
        charStart: s.charStart,
        charEnd: s.charEnd,
        chapter: s.chapter,
        pauseAfter: s.pauseAfter,
        heading: s.heading,
        rate: rates[s.ordinal] ?? 1,
        sentences: s.sentences,
      })),
      (jobId) => announcements(jobId, voiceName, { ...req, speed, priority }, plan.length, doc.text.length),
    );
    if (result.outcome === 'replayed' && result.requestHash !== req.hash) {
      throw new DomainError(
        ERROR_CODES.IDEMPOTENCY_CONFLICT,
        'this Idempotency-Key was used for a different request',
      );
    }
    this.relay.nudge();
    return { view: await this.get(owner, result.jobId), replayed: result.outcome === 'replayed' };
  }

  /** The job's lane: what it asked for, or interactive when it is short enough. */
  private priorityOf(req: JobRequest, chars: number): JobPriority {
    const max = this.config.pipeline.interactiveMaxChars;
    if (req.priority === 'interactive' && chars > max)
      throw new DomainError(
        ERROR_CODES.INTERACTIVE_TOO_LARGE,
        `the document has ${chars} characters; the interactive lane takes at most ${max}: submit it as priority "batch"`,
        { limit: max },
      );
    return req.priority ?? (chars <= max ? 'interactive' : 'batch');
  }

  private async createWithinQuota(
    job: NewJob,
    segments: NewSegment[],
    outbox: (jobId: string) => OutboxMessage[],
  ): Promise<CreateJobResult> {
    try {
      return await this.jobs.create(job, segments, outbox, this.config.security.tenantMaxQueuedChars);
    } catch (err) {
      if (!(err instanceof QuotaExceeded)) throw err;
      throw new DomainError(
        ERROR_CODES.QUOTA_EXCEEDED,
        `this tenant has ${err.queued} characters queued or running; with this document it would pass its cap of ${err.cap}. Retry when some jobs finish.`,
        { queuedChars: err.queued, capChars: err.cap },
      );
    }
  }

  async get(owner: string, id: string): Promise<JobView> {
    const job = await this.jobs.findOne(id, owner);
    if (!job) throw new DomainError(ERROR_CODES.JOB_NOT_FOUND, `no job ${id}`);
    return this.view(job, true);
  }

  /** A completed job's manifest or subtitles, read from storage (404 until it is completed). */
  async artifact(owner: string, id: string, kind: 'manifest' | 'vtt' | 'srt'): Promise<Buffer> {
    const job = await this.jobs.findOne(id, owner);
    if (!job) throw new DomainError(ERROR_CODES.JOB_NOT_FOUND, `no job ${id}`);
    if (job.status !== 'completed')
      throw new DomainError(
        ERROR_CODES.JOB_NOT_FOUND,
        `job ${id} is ${job.status}; timings come with completion`,
      );
    return this.storage.get(objectKeys[kind](id));
  }

  async list(
    owner: string,
    q: { status?: JobStatus | undefined; limit?: number | undefined; cursor?: string | undefined },
  ): Promise<JobPage> {
    const limit = q.limit ?? 20;
    const rows = await this.jobs.list({
      owner,
      status: q.status,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await Promise.all(page.map((j) => this.view(j, false))),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  async cancel(owner: string, id: string): Promise<JobView> {
    const result = await this.jobs.cancel(id, owner, (r) => {
      const data: JobCancelledV1 = { jobId: id, ...r };
      return { topic: TOPICS.jobEvents, key: id, payload: { ...cloudEvent(JOB_CANCELLED_V1, data, id) } };
    });
    if (result.outcome === 'not_found') throw new DomainError(ERROR_CODES.JOB_NOT_FOUND, `no job ${id}`);
    if (result.outcome === 'already_final') {
      throw new DomainError(ERROR_CODES.JOB_NOT_CANCELLABLE, `the job is already ${result.status}`, {
        jobStatus: result.status,
      });
    }
    this.relay.nudge();
    return this.get(owner, id);
  }

  private async view(job: JobEntity, detailed: boolean): Promise<JobView> {
    const audioSeconds = detailed ? await this.jobs.audioSecondsSoFar(job.id) : undefined;
    if (job.status !== 'completed' || !job.audioKey) return toJobView(job, { audioSeconds });
    const ttl = this.config.pipeline.presignSeconds;
    const [audio, manifest, vtt, srt] = await Promise.all(
      [job.audioKey, objectKeys.manifest(job.id), objectKeys.vtt(job.id), objectKeys.srt(job.id)].map((k) =>
        this.storage.presignGet(k, ttl),
      ),
    );
    const chapters = await Promise.all(
      (job.chapters ?? []).map(async (c) => ({ ...c, url: await this.storage.presignGet(c.key, ttl) })),
    );
    return toJobView(job, {
      audioSeconds,
      links: {
        audio: audio!,
        manifest: manifest!,
        vtt: vtt!,
        srt: srt!,
        chapters,
        expiresAt: new Date(Date.now() + ttl * 1000),
      },
    });
  }
}

function announcements(
  jobId: string,
  voice: string,
  req: JobRequest & { priority: JobPriority },
  segments: number,
  characters: number,
): OutboxMessage[] {
  const messages: OutboxMessage[] = [];
  const accepted: JobAcceptedV1 = { jobId, segments, characters, voice, format: req.format };
  messages.push({
    topic: TOPICS.jobEvents,
    key: jobId,
    payload: { ...cloudEvent(JOB_ACCEPTED_V1, accepted, jobId) },
  });
  for (let ordinal = 0; ordinal < segments; ordinal++) {
    messages.push(segmentRequestedMessage({ jobId, ordinal, voice, speed: req.speed }, req.priority));
  }
  return messages;
}

function tooLarge(chars: number, max: number): DomainError {
  return new DomainError(
    ERROR_CODES.DOCUMENT_TOO_LARGE,
    `the document has ${chars} characters; the limit is ${max}`,
    { limit: max },
  );
}

function encodeCursor(job: JobEntity): string {
  return Buffer.from(`${job.createdAt.toISOString()}|${job.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new DomainError(ERROR_CODES.INVALID_REQUEST, 'cursor is not one this API gave out');
  }
  return { createdAt, id };
}
