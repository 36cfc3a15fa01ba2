import { z } from 'zod';

export const SEGMENT_FAILED_V1 = 'chorus.segment.failed.v1';

export const segmentFailedV1 = z.object({
  jobId: z.uuid(),
  ordinal: z.number().int().nonnegative(),
  attempts: z.number().int().positive(),
  reason: z.string(),
  device: z.string().min(1),
});
export type SegmentFailedV1 = z.infer<typeof segmentFailedV1>;
