export * from './data-source-options';
export * from './entities/job.entity';
export * from './entities/outbox.entity';
export * from './entities/segment.entity';
