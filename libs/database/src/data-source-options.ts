import type { PostgresConfig } from '@chorus/config';
import type { DataSourceOptions } from 'typeorm';
import { JobEntity } from './entities/job.entity';
import { OutboxEntity } from './entities/outbox.entity';
import { SegmentEntity } from './entities/segment.entity';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { SegmentTiming1764000000001 } from './migrations/1764000000001-segment-timing';
import { SegmentHeading1764000000002 } from './migrations/1764000000002-segment-heading';
import { OwnerLexicons1764000000003 } from './migrations/1764000000003-owner-lexicons';
import { SegmentRate1764000000004 } from './migrations/1764000000004-segment-rate';
import { ApiKeys1764000000005 } from './migrations/1764000000005-api-keys';
import { JobChapters1764000000006 } from './migrations/1764000000006-job-chapters';
import { Webhooks1764000000007 } from './migrations/1764000000007-webhooks';

export const ENTITIES = [JobEntity, SegmentEntity, OutboxEntity];
export const MIGRATIONS = [
  InitialSchema1764000000000,
  SegmentTiming1764000000001,
  SegmentHeading1764000000002,
  OwnerLexicons1764000000003,
  SegmentRate1764000000004,
  ApiKeys1764000000005,
  JobChapters1764000000006,
  Webhooks1764000000007,
];

/** Schema changes only through reviewed migrations: never `synchronize`. */
export function dataSourceOptions(pg: PostgresConfig): DataSourceOptions {
  return {
    type: 'postgres',
    host: pg.host,
    port: pg.port,
    username: pg.user,
    password: pg.password,
    database: pg.database,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    // Fail fast when PostgreSQL is away (the API answers 503 instead of hanging).
    extra: { max: pg.poolSize, connectionTimeoutMillis: 3000, query_timeout: 30_000 },
  };
}
