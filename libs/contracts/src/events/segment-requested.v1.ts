import { z } from 'zod';

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
