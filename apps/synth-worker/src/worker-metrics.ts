import { createServer, type Server, type ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobPriority } from '@chorus/contracts';
import type { SegmentOutcome } from './segment-processor';
import type { PassObservation } from './segment-synthesizer';

/**
 * The worker's Prometheus metrics (batch sizes, so real batching is observable; forward passes:
 * sentences per pass, inference time, real-time factor; outcomes; latency; consumer lag) and its
 * probes, on one small HTTP server: `/health` answers while the process runs, `/ready` only while
 * every device consumes (not during warm-up or shutdown).
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly batchSize = new Histogram({
    name: 'chorus_worker_batch_size',
    help: 'Segments per batch (one claim, passes planned together), by lane',
    labelNames: ['device', 'lane'],
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [this.registry],
  });
  private readonly batchSeconds = new Histogram({
    name: 'chorus_worker_batch_seconds',
    help: 'Time to process one batch: claim, synthesize, store, record',
    labelNames: ['device', 'lane'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly segments = new Counter({
    name: 'chorus_worker_segments_total',
    help: 'Segment requests handled, by lane and outcome',
    labelNames: ['device', 'lane', 'outcome'],
    registers: [this.registry],
  });
  private readonly passItems = new Histogram({
    name: 'chorus_worker_pass_items',
    help: 'Sentences per padded forward pass',
    labelNames: ['device'],
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [this.registry],
  });
  private readonly inferenceSeconds = new Histogram({
    name: 'chorus_worker_inference_seconds',
    help: 'Wall time of one forward pass',
    labelNames: ['device'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly realTimeFactor = new Histogram({
    name: 'chorus_worker_real_time_factor',
    help: 'Inference seconds per second of audio, per forward pass (below 1: faster than real time)',
    labelNames: ['device'],
    buckets: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2],
    registers: [this.registry],
  });
  private readonly audioSeconds = new Counter({
    name: 'chorus_worker_audio_seconds_total',
    help: 'Seconds of audio synthesized (with chorus_worker_inference_seconds_sum: the overall real-time factor)',
    labelNames: ['device'],
    registers: [this.registry],
  });
  private readonly lag = new Gauge({
    name: 'chorus_worker_consumer_lag',
    help: "Messages of a partition the worker group has not committed yet (end offset minus the group's offset)",
    labelNames: ['topic', 'partition'],
    registers: [this.registry],
  });
  private server: Server | undefined;
  private ready = false;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeBatch(device: string, lane: JobPriority, outcomes: SegmentOutcome[], seconds: number): void {
    this.batchSize.observe({ device, lane }, outcomes.length);
    this.batchSeconds.observe({ device, lane }, seconds);
    for (const outcome of outcomes) this.segments.inc({ device, lane, outcome });
  }

  observePass(device: string, pass: PassObservation): void {
    this.passItems.observe({ device }, pass.items);
    this.inferenceSeconds.observe({ device }, pass.seconds);
    this.audioSeconds.inc({ device }, pass.audioSeconds);
    if (pass.audioSeconds > 0) this.realTimeFactor.observe({ device }, pass.seconds / pass.audioSeconds);
  }

  setConsumerLag(topic: string, partition: number, lag: number): void {
    this.lag.set({ topic, partition: String(partition) }, lag);
  }

  /** Readiness for `/ready`: true once every device consumes, false again when draining. */
  setReady(ready: boolean): void {
    this.ready = ready;
  }

  /** Serves /metrics, /health and /ready on the port (0: no server); resolves with the bound port. */
  async listen(port: number, host: string): Promise<number> {
    if (port === 0) return 0;
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://worker').pathname;
      switch (path) {
        case '/health':
          json(res, 200, { status: 'ok' });
          return;
        case '/ready':
          json(res, this.ready ? 200 : 503, { status: this.ready ? 'ready' : 'not ready' });
          return;
        case '/metrics':
          this.registry.metrics().then(
            (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
            () => res.writeHead(500).end(),
          );
          return;
        default:
          res.writeHead(404).end();
      }
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function json(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
