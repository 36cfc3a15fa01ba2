import { createServer, type Server } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SegmentOutcome } from './segment-processor';

/** The worker's Prometheus metrics: batch sizes (real batching is observable), outcomes, latency. */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly batchSize = new Histogram({
    name: 'chorus_worker_batch_size',
    help: 'Segments per forward pass batch',
    labelNames: ['device'],
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [this.registry],
  });
  private readonly batchSeconds = new Histogram({
    name: 'chorus_worker_batch_seconds',
    help: 'Time to process one batch: claim, synthesize, store, record',
    labelNames: ['device'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly segments = new Counter({
    name: 'chorus_worker_segments_total',
    help: 'Segment requests handled, by outcome',
    labelNames: ['device', 'outcome'],
    registers: [this.registry],
  });
  private server: Server | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeBatch(device: string, outcomes: SegmentOutcome[], seconds: number): void {
    this.batchSize.observe({ device }, outcomes.length);
    this.batchSeconds.observe({ device }, seconds);
    for (const outcome of outcomes) this.segments.inc({ device, outcome });
  }

  /** Serves /metrics on the port (0: no server). */
  async listen(port: number, host: string): Promise<void> {
    if (port === 0) return;
    this.server = createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
