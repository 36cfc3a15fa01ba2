import { z } from 'zod';

export const JOB_FAILED_V1 = 'chorus.job.failed.v1';

export const jobFailedV1 = z.object({
  jobId: z.uuid(),
  reason: z.string(),
});
export type JobFailedV1 = z.infer<typeof jobFailedV1>;
