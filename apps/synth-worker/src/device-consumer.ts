import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import {
  cloudEventSchema,
  SEGMENT_REQUESTED_V1,
  segmentLane,
  segmentRequestedV1,
  TOPICS,
  type JobPriority,
} from '@chorus/contracts';
import { SegmentBatcher } from './segment-batcher';
import type { SegmentMessage, SegmentOutcome, SegmentProcessor } from './segment-processor';
import type { WorkerMetrics } from './worker-metrics';

export interface DeviceConsumerOptions {
  device: string;
  /** Which lane's topic and group this consumer serves. */
  lane: JobPriority;
  batchSize: number;
  batchWaitMs: number;
  /** How many partitions' fetches feed the batcher at once. */
  partitionsConcurrently: number;
  /**
   * Wraps the handling of each fetched batch from the moment it arrives (the interactive lane
   * holds the device's gate with it, so no batch pass starts while its messages are on the way
   * to the processor).
   */
  around?: <T>(work: () => Promise<T>) => Promise<T>;
}

/**
 * One device's consumer of one lane (`tts.segments` in the `synth-workers` group, or the
 * interactive topic in its own group), with a batcher in front of the device's session.
 * Messages of every assigned partition feed the batcher; a message's offset is resolved only
 * after its segment is stored and recorded, and committed after that.
 */
export class DeviceConsumer {
  private readonly logger: Logger;
  private readonly consumer: Consumer;
  private readonly batcher: SegmentBatcher<SegmentMessage, SegmentOutcome>;
  private readonly lane: { topic: string; group: string };
  processed = 0;

  constructor(
    kafka: Kafka,
    private readonly producer: Producer,
    processor: SegmentProcessor,
    metrics: WorkerMetrics,
    private readonly opts: DeviceConsumerOptions,
  ) {
    this.logger = new Logger(`DeviceConsumer ${opts.device} ${opts.lane}`);
    this.lane = segmentLane(opts.lane);
    this.consumer = kafka.consumer({
      groupId: this.lane.group,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 250,
      maxBytesPerPartition: 256 * 1024,
    });
    this.batcher = new SegmentBatcher(opts.batchSize, opts.batchWaitMs, async (items) => {
      const started = performance.now();
      const outcomes = await processor.process(items);
      metrics.observeBatch(opts.device, opts.lane, outcomes, (performance.now() - started) / 1000);
      return outcomes;
    });
  }

  get batchSizes(): readonly number[] {
    return this.batcher.sizes;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.lane.topic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConcurrently,
      eachBatch: (payload) =>
        this.opts.around ? this.opts.around(() => this.eachBatch(payload)) : this.eachBatch(payload),
    });
    this.logger.log(`consuming ${this.lane.topic} as ${this.lane.group}`);
  }

  /** Finishes the batch in hand, commits, and leaves the group. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  /**
   * Feeds the batcher a chunk at a time (at most a batch per partition in flight), so a
   * shutdown or a rebalance waits for one chunk, not for a whole fetch.
   */
  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    for (let i = 0; i < batch.messages.length; i += this.opts.batchSize) {
      if (!payload.isRunning() || payload.isStale()) break;
      const chunk = batch.messages.slice(i, i + this.opts.batchSize).map((message) => {
        const parsed = this.parse(message);
        return { message, done: parsed ? this.batcher.submit(parsed) : this.deadLetterUnreadable(message) };
      });
      for (const { message, done } of chunk) {
        await this.heartbeatWhile(done, payload);
        payload.resolveOffset(message.offset);
        this.processed++;
      }
      await payload.heartbeat();
      await payload.commitOffsetsIfNecessary();
    }
  }

  /**
   * Keeps the group membership alive while a batch waits on a backing service that is down:
   * without heartbeats the session would time out and the partition would move needlessly.
   */
  private async heartbeatWhile<T>(work: Promise<T>, payload: EachBatchPayload): Promise<T> {
    const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), 3000);
    try {
      return await work;
    } finally {
      clearInterval(beat);
    }
  }

  private parse(message: KafkaMessage): SegmentMessage | undefined {
    const value = message.value?.toString('utf8') ?? '';
    try {
      const envelope = cloudEventSchema.parse(JSON.parse(value));
      if (envelope.type !== SEGMENT_REQUESTED_V1) return undefined;
      return {
        request: segmentRequestedV1.parse(envelope.data),
        raw: { key: message.key?.toString('utf8') ?? null, value },
      };
    } catch {
      return undefined;
    }
  }

  /** A message no worker can read will never succeed: straight to the dead-letter topic. */
  private async deadLetterUnreadable(message: KafkaMessage): Promise<SegmentOutcome> {
    this.logger.error(`unreadable message at offset ${message.offset}; sending it to ${TOPICS.segmentsDlq}`);
    await this.producer.send({
      topic: TOPICS.segmentsDlq,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: { 'x-chorus-reason': 'unreadable segment request' },
        },
      ],
    });
    return 'dead-lettered';
  }
}
