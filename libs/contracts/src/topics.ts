/**
 * Kafka topics. Renaming one is a migration for every deployed producer and consumer:
 * add a new topic, move traffic, then retire the old one. Never rename in place.
 */
export const TOPICS = {
  /** Segment synthesis requests; keyed `${jobId}:${ordinal}` so one job spreads over partitions. */
  segments: 'tts.segments',
  /** Segment done / failed, keyed by job id. */
  segmentEvents: 'tts.segment-events',
  /** Job accepted, completed, failed, cancelled, keyed by job id. */
  jobEvents: 'tts.job-events',
  /** Segment requests that failed N times, with the reason. */
  segmentsDlq: 'tts.segments.dlq',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** The consumer group every synth worker device joins. */
export const SYNTH_WORKERS_GROUP = 'synth-workers';
