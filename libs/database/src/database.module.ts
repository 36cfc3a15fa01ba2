import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CHORUS_CONFIG, type ChorusConfig } from '@chorus/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { ApiKeysRepository } from './repositories/api-keys.repository';
import { JobsRepository } from './repositories/jobs.repository';
import { LexiconsRepository } from './repositories/lexicons.repository';
import { MetricsRepository } from './repositories/metrics.repository';
import { OutboxRepository } from './repositories/outbox.repository';
import { SegmentsRepository } from './repositories/segments.repository';
import { WebhooksRepository } from './repositories/webhooks.repository';

/** Arbitrary constant: one process at a time runs migrations. */
const MIGRATION_LOCK = 727_002;

/** Runs pending migrations under an advisory lock, so replicas starting together take turns. */
export async function migrate(db: DataSource): Promise<string[]> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock($1)`, [MIGRATION_LOCK]);
    const ran = await db.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock($1)`, [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.db.isInitialized) await this.db.destroy();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [CHORUS_CONFIG],
      useFactory: async (config: ChorusConfig): Promise<DataSource> => {
        const db = await new DataSource(dataSourceOptions(config.postgres)).initialize();
        const ran = await migrate(db);
        if (ran.length > 0) new Logger('Database').log(`applied migrations: ${ran.join(', ')}`);
        return db;
      },
    },
    { provide: JobsRepository, inject: [DataSource], useFactory: (db: DataSource) => new JobsRepository(db) },
    {
      provide: ApiKeysRepository,
      inject: [DataSource],
      useFactory: (db: DataSource) => new ApiKeysRepository(db),
    },
    {
      provide: SegmentsRepository,
      inject: [DataSource],
      useFactory: (db: DataSource) => new SegmentsRepository(db),
    },
    {
      provide: OutboxRepository,
      inject: [DataSource],
      useFactory: (db: DataSource) => new OutboxRepository(db),
    },
    {
      provide: LexiconsRepository,
      inject: [DataSource],
      useFactory: (db: DataSource) => new LexiconsRepository(db),
    },
    {
      provide: WebhooksRepository,
      inject: [DataSource],
      useFactory: (db: DataSource) => new WebhooksRepository(db),
    },
    {
      provide: MetricsRepository,
      inject: [DataSource],
      useFactory: (db: DataSource) => new MetricsRepository(db),
    },
    DataSourceCloser,
  ],
  exports: [
    DataSource,
    ApiKeysRepository,
    JobsRepository,
    SegmentsRepository,
    OutboxRepository,
    LexiconsRepository,
    WebhooksRepository,
    MetricsRepository,
  ],
})
export class DatabaseModule {}
