export * from './backoff';
export * from './kafka-client';
export * from './outbox-relay';
export * from './topics-admin';
export * from './bus.module';
export * from './retry-transient';
