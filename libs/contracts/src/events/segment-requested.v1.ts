import { z } from 'zod';
import { segmentLane, type JobPriority } from '../topics';
import { cloudEvent } from './cloud-event';

export const SEGMENT_REQUESTED_V1 = 'chorus.segment.requested.v1';

/** One segment to synthesize. The text lives in PostgreSQL; the event names it. */
export const segmentRequestedV1 = z.object({
  jobId: z.uuid(),
  ordinal: z.number().int().nonnegative(),
  voice: z.string().min(1),
  /** Piper length scale for the whole job. */
  speed: z.number().positive(),
});
export type SegmentRequestedV1 = z.infer<typeof segmentRequestedV1>;

/**
 * The announcement of one segment, as the API writes it at submission and the worker's reaper
 * writes it again: keyed by job and ordinal (so requests spread over the partitions), the
 * subject `jobId/ordinal` for consumers that dedupe; on the topic of the job's lane.
 */
export function segmentRequestedMessage(data: SegmentRequestedV1, priority: JobPriority = 'batch') {
  return {
    topic: segmentLane(priority).topic,
    key: `${data.jobId}:${data.ordinal}`,
    payload: { ...cloudEvent(SEGMENT_REQUESTED_V1, data, `${data.jobId}/${data.ordinal}`) },
  };
}
