export * from './domain-error';
export * from './events';
export * from './topics';
export * from './object-keys';
export * from './speech-markup';
export * from './mask-text';
export * from './transient-errors';
export * from './audio-formats';
