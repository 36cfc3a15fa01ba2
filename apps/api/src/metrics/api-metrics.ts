import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Kafka } from 'kafkajs';
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { KAFKA } from '@chorus/bus';
import { InjectConfig, type ChorusConfig } from '@chorus/config';
import { SYNTH_WORKERS_GROUP, SYNTH_WORKERS_INTERACTIVE_GROUP, TOPICS } from '@chorus/contracts';
import { JOB_STATUSES, MetricsRepository, OutboxRepository } from '@chorus/database';

/**
 * The API's Prometheus metrics, served on their own port (`CHORUS_API_METRICS_PORT`) so the
 * public listener never exposes them: HTTP latency by route and status, and gauges read on
 * scrape (jobs by status, outbox and webhook backlogs, the workers' consumer lag, the recent
 * real-time factor).
 */
@Injectable()
export class ApiMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  private server: Server | undefined;
  private readonly http = new Histogram({
    name: 'chorus_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(
    @InjectConfig() private readonly config: ChorusConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    metrics: MetricsRepository,
    outbox: OutboxRepository,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    new Gauge({
      name: 'chorus_jobs',
      help: 'Jobs by status',
      labelNames: ['status'],
      registers,
      async collect() {
        const counts = await metrics.jobsByStatus();
        for (const status of JOB_STATUSES) this.set({ status }, counts[status] ?? 0);
      },
    });
    new Gauge({
      name: 'chorus_outbox_backlog',
      help: 'Outbox events not yet published to Kafka',
      registers,
      async collect() {
        this.set(await outbox.pendingCount());
      },
    });
    new Gauge({
      name: 'chorus_webhook_deliveries_pending',
      help: 'Webhook deliveries waiting for a (re)try',
      registers,
      async collect() {
        this.set(await metrics.webhookBacklog());
      },
    });
    new Gauge({
      name: 'chorus_jobs_real_time_factor',
      help: 'Processing seconds per audio second, jobs completed in the last 15 minutes',
      registers,
      async collect() {
        const rtf = await metrics.realTimeFactor(900);
        if (rtf !== undefined) this.set(rtf);
      },
    });
    const lag = this.consumerLag.bind(this);
    new Gauge({
      name: 'chorus_consumer_lag',
      help: 'Messages not yet consumed, by consumer group and topic',
      labelNames: ['group', 'topic'],
      registers,
      async collect() {
        for (const [group, topic, value] of await lag()) this.set({ group, topic }, value);
      },
    });
  }

  /** Express middleware: observes every request when its response is finished. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.http.startTimer();
    res.on('finish', () => {
      // The route template (`/v1/jobs/:id`), never the raw path: ids would explode the series.
      const route = (req.route as { path?: string } | undefined)?.path;
      end({
        method: req.method,
        route: route ? `${req.baseUrl}${route}` : 'unmatched',
        status: res.statusCode,
      });
    });
    next();
  };

  private async consumerLag(): Promise<[string, string, number][]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const out: [string, string, number][] = [];
      for (const [group, topic] of [
        [SYNTH_WORKERS_GROUP, TOPICS.segments],
        [SYNTH_WORKERS_INTERACTIVE_GROUP, TOPICS.segmentsInteractive],
        [this.config.webhooks.groupId, TOPICS.jobEvents],
      ] as const) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        let lag = 0;
        for (const p of ends) {
          const at = committed?.partitions.find((c) => c.partition === p.partition)?.offset ?? '-1';
          lag += Number(p.high) - (Number(at) < 0 ? Number(p.low) : Number(at));
        }
        out.push([group, topic, lag]);
      }
      return out;
    } catch (err) {
      this.logger.warn(`consumer lag unavailable: ${(err as Error).message}`);
      return [];
    } finally {
      await admin.disconnect();
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.api.metricsPort;
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
    await new Promise<void>((resolve) => this.server!.listen(port, this.config.api.host, resolve));
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
