import { z } from 'zod';

export const JOB_ACCEPTED_V1 = 'chorus.job.accepted.v1';

export const jobAcceptedV1 = z.object({
  jobId: z.uuid(),
  segments: z.number().int().nonnegative(),
  characters: z.number().int().nonnegative(),
  voice: z.string(),
  format: z.string(),
});
export type JobAcceptedV1 = z.infer<typeof jobAcceptedV1>;
