import { Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import {
  cloudEvent,
  JOB_COMPLETED_V1,
  objectKeys,
  TOPICS,
  isTransientError,
  withoutMarkup,
  type JobCompletedV1,
} from '@chorus/contracts';
import { retryTransient } from '@chorus/bus';
import type { JobChapter, SegmentsRepository } from '@chorus/database';
import { pauseSamples, toSrt, toWebVtt, WAV_HEADER_BYTES, type Cue, type PauseKind } from '@chorus/speech';
import type { ObjectStorage } from '@chorus/storage';
import { ChapterWriter } from './chapter-writer';
import { openEncodedUpload } from './encoded-upload';
import { outputOptions, type OutputOptions } from './output-options';

export interface ManifestSentence {
  start: number;
  end: number;
  charStart: number;
  charEnd: number;
  text: string;
}

export interface ManifestSegment {
  ordinal: number;
  chapter: number;
  start: number;
  end: number;
  charStart: number;
  charEnd: number;
  pauseAfter: PauseKind;
  sentences: ManifestSentence[];
}

export interface Manifest {
  jobId: string;
  title: string | null;
  /** The audio file's rate (timings are in seconds, whatever the rate). */
  sampleRate: number;
  format: string;
  durationSeconds: number;
  segments: ManifestSegment[];
  /** With `split: "chapters"`: one file per chapter. */
  chapters?: JobChapter[];
}

/**
 * Stitches a job's segments into the final audio once every segment is done: streamed from
 * storage one segment at a time, with the pause each boundary asks for, uploaded under the
 * final key, then manifest and subtitles, then the one conditional update that completes the
 * job and records `job.completed`.
 */
export class JobFinalizer {
  private readonly logger = new Logger(JobFinalizer.name);
  private readonly inFlight = new Map<string, Promise<boolean>>();
  /** Jobs whose finalize lease this process holds right now. */
  private readonly leased = new Set<string>();

  constructor(
    private readonly segments: SegmentsRepository,
    private readonly storage: ObjectStorage,
    private readonly bucket: string,
    private readonly leaseSeconds: number,
    /** How long to keep trying to give the lease back while the database is down. */
    private readonly retrySeconds: number,
  ) {}

  /** Starts finalizing in the background unless this process already is. */
  trigger(jobId: string): void {
    if (this.inFlight.has(jobId)) return;
    const run = this.finalize(jobId)
      .catch(async (err: unknown) => {
        if (!isTransientError(err)) {
          this.logger.error(
            `finalizing job ${jobId} failed; it will be retried when its lease expires: ${(err as Error).message}`,
          );
          return false;
        }
        // A backing service is down: give our lease back so the next sweep (10 s) tries again.
        this.logger.warn(`finalizing job ${jobId} interrupted, will retry: ${(err as Error).message}`);
        if (!this.leased.has(jobId)) return false;
        await retryTransient(() => this.segments.releaseFinalize(jobId), {
          what: `give back the finalize lease of job ${jobId}`,
          logger: this.logger,
          maxSeconds: this.retrySeconds,
        }).catch(() => undefined);
        return false;
      })
      .finally(() => {
        this.inFlight.delete(jobId);
        this.leased.delete(jobId);
      });
    this.inFlight.set(jobId, run);
  }

  async drain(): Promise<void> {
    await Promise.allSettled(this.inFlight.values());
  }

  async finalize(jobId: string): Promise<boolean> {
    const claim = await this.segments.claimFinalize(jobId, this.leaseSeconds);
    if (!claim) return false;
    this.leased.add(jobId);
    const started = performance.now();
    const speed = typeof claim.options.speed === 'number' ? claim.options.speed : 1;
    const rate = claim.sampleRate;
    const pause = (kind: PauseKind) => pauseSamples(kind, rate, speed);
    const totals = await this.segments.totalSamples(jobId);
    const totalSamples =
      totals.samples +
      (Object.entries(totals.pauses) as [PauseKind, number][]).reduce(
        (n, [kind, count]) => n + count * pause(kind),
        0,
      );

    const output = outputOptions(claim.format, claim.options, rate);
    const audioKey = objectKeys.audio(jobId, output.format);
    const main = openEncodedUpload(this.storage, audioKey, {
      format: output.format,
      inputRate: rate,
      outputRate: output.sampleRate,
      samples: totalSamples,
    });
    const chapters =
      output.split === 'chapters' ? await this.chapterWriter(jobId, output, rate, pause) : undefined;
    const write = async (chunk: Buffer) => {
      await main.write(chunk);
      await chapters?.write(chunk);
    };

    const manifest: Manifest = {
      jobId,
      title: claim.title,
      sampleRate: output.sampleRate,
      format: output.format,
      durationSeconds: totalSamples / rate,
      segments: [],
    };
    const cues: Cue[] = [];
    let pos = 0;
    try {
      for await (const seg of this.segments.stitchOrder(jobId)) {
        await chapters?.enter(seg.chapter, pos / rate, seg.heading ? withoutMarkup(seg.text).trim() : null);
        const stream = await this.storage.getStream(seg.objectKey);
        const written = await this.copyPcm(stream, write);
        if (written !== seg.samples)
          throw new Error(`segment ${seg.ordinal} has ${written} samples, expected ${seg.samples}`);
        const sentences = seg.sentences.map((span, i) => {
          const t = seg.timing.sentences[i] ?? { start: 0, end: seg.samples };
          return {
            start: (pos + t.start) / rate,
            end: (pos + t.end) / rate,
            charStart: span.charStart,
            charEnd: span.charEnd,
            text: withoutMarkup(seg.text.slice(span.charStart - seg.charStart, span.charEnd - seg.charStart)),
          };
        });
        manifest.segments.push({
          ordinal: seg.ordinal,
          chapter: seg.chapter,
          start: pos / rate,
          end: (pos + seg.samples) / rate,
          charStart: seg.charStart,
          charEnd: seg.charEnd,
          pauseAfter: seg.pauseAfter,
          sentences,
        });
        for (const s of sentences)
          if (s.end > s.start) cues.push({ startSeconds: s.start, endSeconds: s.end, text: s.text });
        pos += seg.samples;
        const gap = pause(seg.pauseAfter);
        if (gap > 0) await write(Buffer.alloc(gap * 2));
        pos += gap;
      }
    } catch (err) {
      main.abort(err as Error);
      chapters?.abort(err as Error);
      throw err;
    }
    const [encoded, chapterFiles] = await Promise.all([main.end(), chapters?.end()]);
    if (pos !== totalSamples) throw new Error(`stitched ${pos} samples, expected ${totalSamples}`);
    if (chapterFiles) manifest.chapters = chapterFiles;

    await Promise.all([
      this.storage.put(objectKeys.manifest(jobId), Buffer.from(JSON.stringify(manifest)), 'application/json'),
      this.storage.put(objectKeys.vtt(jobId), Buffer.from(toWebVtt(cues)), 'text/vtt; charset=utf-8'),
      this.storage.put(
        objectKeys.srt(jobId),
        Buffer.from(toSrt(cues)),
        'application/x-subrip; charset=utf-8',
      ),
    ]);
    const { bytes, sha256 } = encoded;
    const data: JobCompletedV1 = {
      jobId,
      title: claim.title,
      metadata: claim.metadata,
      audio: {
        bucket: this.bucket,
        key: audioKey,
        format: output.format,
        durationSeconds: totalSamples / rate,
        bytes,
        sha256,
      },
      manifest: { bucket: this.bucket, key: objectKeys.manifest(jobId) },
      subtitles: { vtt: objectKeys.vtt(jobId), srt: objectKeys.srt(jobId) },
      ...(chapterFiles ? { chapters: chapterFiles.map((c) => ({ ...c, bucket: this.bucket })) } : {}),
    };
    const won = await this.segments.completeJob(
      jobId,
      { key: audioKey, bytes, seconds: totalSamples / rate, sha256 },
      { topic: TOPICS.jobEvents, key: jobId, payload: { ...cloudEvent(JOB_COMPLETED_V1, data, jobId) } },
      chapterFiles ?? null,
    );
    const ms = Math.round(performance.now() - started);
    if (won)
      this.logger.log(
        `job ${jobId} completed: ${(totalSamples / rate).toFixed(1)} s of audio, ${manifest.segments.length} segments, stitched in ${ms} ms`,
      );
    return won;
  }

  /** One encoded upload per chapter, opened as the stitch reaches the chapter and ended after it. */
  private async chapterWriter(
    jobId: string,
    output: OutputOptions,
    rate: number,
    pause: (kind: PauseKind) => number,
  ): Promise<ChapterWriter> {
    const totals = await this.segments.samplesByChapter(jobId);
    return new ChapterWriter((chapter) => {
      const t = totals.get(chapter);
      const samples =
        (t?.samples ?? 0) +
        (Object.entries(t?.pauses ?? {}) as [PauseKind, number][]).reduce((n, [k, c]) => n + c * pause(k), 0);
      return {
        key: objectKeys.chapter(jobId, chapter, output.format),
        samples,
        sink: openEncodedUpload(this.storage, objectKeys.chapter(jobId, chapter, output.format), {
          format: output.format,
          inputRate: rate,
          outputRate: output.sampleRate,
          samples,
        }),
        rate,
      };
    });
  }

  /** Copies a segment WAV's PCM (everything after its 44-byte header); returns samples copied. */
  private async copyPcm(stream: Readable, write: (chunk: Buffer) => Promise<void>): Promise<number> {
    let skip = WAV_HEADER_BYTES;
    let bytes = 0;
    for await (const raw of stream) {
      let chunk = raw as Buffer;
      if (skip > 0) {
        const n = Math.min(skip, chunk.length);
        chunk = chunk.subarray(n);
        skip -= n;
      }
      if (chunk.length === 0) continue;
      bytes += chunk.length;
      await write(chunk);
    }
    return bytes / 2;
  }
}
