/** Where a job's objects live in the bucket. Deterministic, so a redone segment overwrites itself. */
export const objectKeys = {
  segment: (jobId: string, ordinal: number) => `jobs/${jobId}/segments/${ordinal}.wav`,
  audio: (jobId: string, format: string) => `jobs/${jobId}/audio.${format}`,
  manifest: (jobId: string) => `jobs/${jobId}/manifest.json`,
  vtt: (jobId: string) => `jobs/${jobId}/subtitles.vtt`,
  srt: (jobId: string) => `jobs/${jobId}/subtitles.srt`,
};
