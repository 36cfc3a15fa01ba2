export * from './data-source-options';
export * from './entities/job.entity';
export * from './entities/outbox.entity';
export * from './entities/segment.entity';
export * from './repositories/jobs.repository';
export * from './repositories/outbox.repository';
export * from './repositories/segments.repository';
export * from './database.module';
