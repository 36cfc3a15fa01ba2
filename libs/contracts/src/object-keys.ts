/**
 * Where a job's objects live in the bucket. A segment's audio is keyed by its attempt too:
 * synthesis is stochastic (the voice's noise), so two attempts at one segment (a redelivery
 * racing the first) give different audio, and neither may overwrite the one the database
 * recorded. The first attempt to complete wins; the other deletes its object.
 */
export const objectKeys = {
  segment: (jobId: string, ordinal: number, attempt: number) =>
    `jobs/${jobId}/segments/${ordinal}.${attempt}.wav`,
  audio: (jobId: string, format: string) => `jobs/${jobId}/audio.${format}`,
  /** One file per chapter (`split: "chapters"`), numbered from 0 like the segments' chapters. */
  chapter: (jobId: string, chapter: number, format: string) =>
    `jobs/${jobId}/chapters/${String(chapter).padStart(3, '0')}.${format}`,
  manifest: (jobId: string) => `jobs/${jobId}/manifest.json`,
  vtt: (jobId: string) => `jobs/${jobId}/subtitles.vtt`,
  srt: (jobId: string) => `jobs/${jobId}/subtitles.srt`,
};
