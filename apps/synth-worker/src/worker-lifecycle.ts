import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { KAFKA, KAFKA_PRODUCER, OutboxRelay } from '@chorus/bus';
import { segmentRequestedMessage } from '@chorus/contracts';
import { InjectConfig, type ChorusConfig } from '@chorus/config';
import { JOB_PRIORITIES, segmentLane } from '@chorus/contracts';
import { OutboxRepository, SegmentsRepository } from '@chorus/database';
import { passLengthRatio, passMaxItems, SpeechRuntime } from '@chorus/speech';
import { OBJECT_STORAGE, type ObjectStorage } from '@chorus/storage';
import { ConsumerLagPoller } from './consumer-lag';
import { DeviceConsumer } from './device-consumer';
import { JobFinalizer } from './job-finalizer';
import { PassGate } from './pass-gate';
import { SegmentProcessor } from './segment-processor';
import { SegmentSynthesizer } from './segment-synthesizer';
import { WorkerMetrics } from './worker-metrics';

/**
 * Starts paused: each device's session is loaded and warmed up before its consumer joins the
 * group. On shutdown every consumer finishes the batch in hand, commits and leaves; running
 * finalizations complete; then the sessions are released.
 */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly runtimes: SpeechRuntime[] = [];
  private readonly consumers: DeviceConsumer[] = [];
  private readonly finalizer: JobFinalizer;
  private readonly relay: OutboxRelay;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly metrics = new WorkerMetrics();
  private admin: Admin | undefined;
  private lags: ConsumerLagPoller[] = [];

  constructor(
    @InjectConfig() private readonly config: ChorusConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly segments: SegmentsRepository,
    outbox: OutboxRepository,
  ) {
    this.finalizer = new JobFinalizer(
      segments,
      storage,
      config.s3.bucket,
      config.worker.finalizeLeaseSeconds,
      config.worker.transientRetrySeconds,
    );
    this.relay = new OutboxRelay(outbox, producer);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { worker, speech } = this.config;
    // Probes answer from the start: /health while warming up, /ready once every device consumes.
    await this.metrics.listen(worker.metricsPort, this.config.api.host);
    for (const device of worker.devices) {
      const started = performance.now();
      const runtime = new SpeechRuntime(speech, device);
      this.runtimes.push(runtime);
      await (await runtime.synthesizer()).synthesize('Warming up the voice.');
      this.logger.log(
        `device ${device}: voice ${speech.defaultVoice} (${runtime.settings.precision}) loaded and warmed up in ${Math.round(performance.now() - started)} ms; session ${JSON.stringify(runtime.settings)}`,
      );
      const gate = new PassGate();
      for (const lane of ['interactive', 'batch'] as const) {
        const processor = new SegmentProcessor(
          this.segments,
          this.storage,
          this.producer,
          new SegmentSynthesizer(
            runtime,
            passMaxItems(device, worker.passMaxItems),
            passLengthRatio(device),
            (pass) => this.metrics.observePass(device, pass),
            gate,
            lane,
          ),
          this.finalizer,
          {
            device,
            maxAttempts: worker.maxAttempts,
            finalizeLeaseSeconds: worker.finalizeLeaseSeconds,
            retrySeconds: worker.transientRetrySeconds,
            // segment.completed goes out now, not at the relay's next idle poll.
            onRecorded: () => this.relay.nudge(),
            ...(lane === 'interactive' ? { around: <T>(work: () => Promise<T>) => gate.reserve(work) } : {}),
          },
        );
        const interactive = lane === 'interactive';
        this.consumers.push(
          new DeviceConsumer(this.kafka, this.producer, processor, this.metrics, {
            device,
            lane,
            batchSize: interactive ? worker.interactiveBatchSize : worker.batchSize,
            batchWaitMs: interactive ? 0 : worker.batchWaitMs,
            partitionsConcurrently: Math.max(1, this.config.pipeline.segmentsPartitions),
            ...(interactive ? { around: <T>(work: () => Promise<T>) => gate.reserve(work) } : {}),
          }),
        );
      }
    }
    this.admin = this.kafka.admin();
    await this.admin.connect();
    const admin = this.admin;
    this.lags = JOB_PRIORITIES.map(segmentLane).map(
      ({ topic, group }) =>
        new ConsumerLagPoller(admin, group, topic, (partition, lag) =>
          this.metrics.setConsumerLag(topic, partition, lag),
        ),
    );
    for (const lag of this.lags) lag.start();
    await Promise.all(this.consumers.map((c) => c.start()));
    this.relay.start();
    this.sweeper = setInterval(() => void this.sweep(), 10_000);
    void this.sweep();
    this.metrics.setReady(true);
    this.logger.log(`ready: ${worker.devices.length} device(s) consuming (${worker.devices.join(', ')})`);
  }

  /**
   * Every 10 s: requeues segments stuck `running` past their lease, and picks up jobs whose
   * segments are all done but that nobody finished (a worker died mid-finalize).
   */
  private async sweep(): Promise<void> {
    try {
      const stale = await this.segments.requeueStale(
        this.config.worker.segmentLeaseSeconds,
        ({ priority, ...s }) => segmentRequestedMessage(s, priority),
      );
      if (stale.length > 0) {
        this.logger.warn(
          `requeued ${stale.length} segment(s) running for over ${this.config.worker.segmentLeaseSeconds} s: ${stale
            .slice(0, 10)
            .map((s) => `${s.jobId}:${s.ordinal}`)
            .join(', ')}`,
        );
        this.relay.nudge();
      }
      for (const id of await this.segments.allReadyToFinalize(this.config.worker.finalizeLeaseSeconds))
        this.finalizer.trigger(id);
    } catch (err) {
      this.logger.warn(`finalize sweep failed: ${(err as Error).message}`);
    }
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`shutting down${signal ? ` on ${signal}` : ''}: finishing batches in hand`);
    this.metrics.setReady(false);
    clearInterval(this.sweeper);
    for (const lag of this.lags) lag.stop();
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.finalizer.drain();
    await this.relay.stop();
    await Promise.all(this.runtimes.map((r) => r.close()));
    await this.admin?.disconnect();
    await this.metrics.close();
    const sizes = this.consumers.flatMap((c) => c.batchSizes);
    const mean = sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : 0;
    this.logger.log(
      `stopped: ${this.consumers.reduce((n, c) => n + c.processed, 0)} segments acknowledged, mean batch ${mean.toFixed(2)}`,
    );
  }
}
