import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload, type KafkaContext } from '@nestjs/microservices';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cloudEventSchema, JOB_COMPLETED_V1, jobCompletedV1, TOPICS } from '@chorus/contracts';
import { OBJECT_STORAGE, type ObjectStorage } from '@chorus/storage';
import { SeenEvents } from './seen-events';

export const DOWNLOAD_DIR = Symbol('DownloadDir');

/**
 * An example subscriber: acts on `chorus.job.completed.v1` from the event alone (no call back
 * to the API), skips events it has seen (delivery is at-least-once), downloads the audio and
 * checks it against the event's sha256.
 */
@Controller()
export class AudioReadyController {
  private readonly logger = new Logger('AudioReady');

  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(DOWNLOAD_DIR) private readonly dir: string,
    private readonly seen: SeenEvents,
  ) {}

  @EventPattern(TOPICS.jobEvents)
  async onJobEvent(@Payload() payload: unknown, @Ctx() context: unknown): Promise<void> {
    const ctx = context as KafkaContext;
    const envelope = cloudEventSchema.safeParse(payload);
    if (!envelope.success || envelope.data.type !== JOB_COMPLETED_V1) return;
    if (!this.seen.firstTime(envelope.data.id)) {
      this.logger.log(
        `duplicate event ${envelope.data.id} skipped (partition ${ctx.getPartition()}, offset ${ctx.getMessage().offset})`,
      );
      return;
    }
    const event = jobCompletedV1.parse(envelope.data.data);
    const audio = await this.storage.get(event.audio.key);
    const sha256 = createHash('sha256').update(audio).digest('hex');
    if (sha256 !== event.audio.sha256)
      throw new Error(`audio of job ${event.jobId} does not match its checksum`);
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${event.jobId}.${event.audio.format}`);
    await writeFile(file, audio);
    this.logger.log(
      `audio ready for job ${event.jobId} (event ${envelope.data.id}): ${event.audio.durationSeconds.toFixed(1)} s saved to ${file}`,
    );
  }
}
