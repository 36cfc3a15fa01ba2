/** Where a job's objects live in the bucket. Deterministic, so a redone segment overwrites itself. */
export const objectKeys = {
  segment: (jobId: string, ordinal: number) => `jobs/${jobId}/segments/${ordinal}.wav`,
  audio: (jobId: string, format: string) => `jobs/${jobId}/audio.${format}`,
  /** One file per chapter (`split: "chapters"`), numbered from 0 like the segments' chapters. */
  chapter: (jobId: string, chapter: number, format: string) =>
    `jobs/${jobId}/chapters/${String(chapter).padStart(3, '0')}.${format}`,
  manifest: (jobId: string) => `jobs/${jobId}/manifest.json`,
  vtt: (jobId: string) => `jobs/${jobId}/subtitles.vtt`,
  srt: (jobId: string) => `jobs/${jobId}/subtitles.srt`,
};
