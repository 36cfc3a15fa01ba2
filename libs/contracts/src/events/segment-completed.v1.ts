import { z } from 'zod';

export const SEGMENT_COMPLETED_V1 = 'chorus.segment.completed.v1';

export const segmentCompletedV1 = z.object({
  jobId: z.uuid(),
  ordinal: z.number().int().nonnegative(),
  key: z.string().min(1),
  durationSeconds: z.number().nonnegative(),
  device: z.string().min(1),
});
export type SegmentCompletedV1 = z.infer<typeof segmentCompletedV1>;
