/**
 * Kafka topics. Renaming one is a migration for every deployed producer and consumer:
 * add a new topic, move traffic, then retire the old one. Never rename in place.
 */
export const TOPICS = {
  /** Segment synthesis requests; keyed `${jobId}:${ordinal}` so one job spreads over partitions. */
  segments: 'tts.segments',
  /**
   * The same requests for interactive jobs (a page or so): a lane of their own, so a short
   * job never queues behind a book's backlog. Workers serve it first, pass by pass.
   */
  segmentsInteractive: 'tts.segments.interactive',
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

/** The group every device also joins for the interactive lane. */
export const SYNTH_WORKERS_INTERACTIVE_GROUP = 'synth-workers-interactive';

/** Which lane a job's segments travel: `interactive` is served before `batch` on every device. */
export type JobPriority = 'interactive' | 'batch';
export const JOB_PRIORITIES: readonly JobPriority[] = ['interactive', 'batch'];

/** The topic and consumer group of a lane. */
export function segmentLane(priority: JobPriority): { topic: Topic; group: string } {
  return priority === 'interactive'
    ? { topic: TOPICS.segmentsInteractive, group: SYNTH_WORKERS_INTERACTIVE_GROUP }
    : { topic: TOPICS.segments, group: SYNTH_WORKERS_GROUP };
}
