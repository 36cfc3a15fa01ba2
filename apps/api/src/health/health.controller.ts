import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KAFKA } from '@chorus/bus';
import { OBJECT_STORAGE, type ObjectStorage } from '@chorus/storage';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  /** Liveness: the process is up and serving. */
  @Get('health')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL, Kafka and S3 answer. 503 with the failing check otherwise. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () =>
        this.indicators
          .check('postgres')
          .attempt(() => this.db.query('SELECT 1'))
          .withTimeout(2000),
      () =>
        this.indicators
          .check('kafka')
          .attempt(async () => {
            const admin = this.kafka.admin();
            await admin.connect();
            try {
              await admin.describeCluster();
            } finally {
              await admin.disconnect();
            }
          })
          .withTimeout(3000),
      () =>
        this.indicators
          .check('s3')
          .attempt(async () => {
            await this.storage.exists('.ready-probe');
          })
          .withTimeout(2000),
    ]);
  }
}
