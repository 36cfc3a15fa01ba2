import { z } from 'zod';

export const JOB_COMPLETED_V1 = 'chorus.job.completed.v1';

/** Everything a subscriber needs to act without calling the API back. */
export const jobCompletedV1 = z.object({
  jobId: z.uuid(),
  title: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  audio: z.object({
    bucket: z.string(),
    key: z.string(),
    format: z.string(),
    durationSeconds: z.number().nonnegative(),
    bytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  manifest: z.object({ bucket: z.string(), key: z.string() }),
  subtitles: z.object({ vtt: z.string(), srt: z.string() }),
  /** Only for jobs submitted with `split: "chapters"`: one file per chapter (added, optional). */
  chapters: z
    .array(
      z.object({
        index: z.number().int().nonnegative(),
        title: z.string().nullable(),
        bucket: z.string(),
        key: z.string(),
        startSeconds: z.number().nonnegative(),
        durationSeconds: z.number().nonnegative(),
        bytes: z.number().int().nonnegative(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
      }),
    )
    .optional(),
});
export type JobCompletedV1 = z.infer<typeof jobCompletedV1>;
