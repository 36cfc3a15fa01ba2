export * from './cloud-event';
export * from './job-accepted.v1';
export * from './job-cancelled.v1';
export * from './job-completed.v1';
export * from './job-failed.v1';
export * from './segment-completed.v1';
export * from './segment-failed.v1';
export * from './segment-requested.v1';
