import { z } from 'zod';

export const JOB_CANCELLED_V1 = 'chorus.job.cancelled.v1';

export const jobCancelledV1 = z.object({
  jobId: z.uuid(),
  segmentsDone: z.number().int().nonnegative(),
  segmentsSkipped: z.number().int().nonnegative(),
});
export type JobCancelledV1 = z.infer<typeof jobCancelledV1>;
