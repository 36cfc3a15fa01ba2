import { createServer, type Server, type ServerResponse } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SegmentOutcome } from './segment-processor';

/**
 * The worker's Prometheus metrics (batch sizes, so real batching is observable; outcomes;
 * latency) and its probes, on one small HTTP server: `/health` answers while the process
 * runs, `/ready` only while every device consumes (not during warm-up or shutdown).
 */
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
  private ready = false;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeBatch(device: string, outcomes: SegmentOutcome[], seconds: number): void {
    this.batchSize.observe({ device }, outcomes.length);
    this.batchSeconds.observe({ device }, seconds);
    for (const outcome of outcomes) this.segments.inc({ device, outcome });
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
