import type { JobPriority } from '@chorus/contracts';
import type { JobChapter, JobEntity, JobStatus } from '@chorus/database';

export interface JobView {
  id: string;
  status: JobStatus;
  title: string | null;
  voice: string;
  format: string;
  /** The lane its segments travel (interactive ones are served first). */
  priority: JobPriority;
  metadata: Record<string, unknown> | null;
  progress: { segmentsDone: number; segmentsTotal: number; percent: number; audioSeconds?: number };
  timings: {
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
    processingSeconds: number | null;
  };
  audio?: {
    url: string;
    format: string;
    durationSeconds: number;
    bytes: number;
    sha256: string;
    expiresAt: string;
  };
  manifestUrl?: string;
  subtitles?: { vtt: string; srt: string };
  /** With `split: "chapters"`: one file per chapter, presigned like the audio. */
  chapters?: ChapterView[];
  /** Output options: sample rate (absent: the voice's) and split. */
  output: { sampleRate: number | null; split: string };
  error?: string;
  links: { self: string };
}

export interface ChapterView {
  index: number;
  title: string | null;
  url: string;
  startSeconds: number;
  durationSeconds: number;
  bytes: number;
  sha256: string;
}

export interface AudioLinks {
  audio: string;
  manifest: string;
  vtt: string;
  srt: string;
  chapters: (JobChapter & { url: string })[];
  expiresAt: Date;
}

export function toJobView(
  job: JobEntity,
  extra: { audioSeconds?: number; links?: AudioLinks } = {},
): JobView {
  const percent =
    job.segmentsTotal === 0 ? 0 : Math.floor((1000 * job.segmentsDone) / job.segmentsTotal) / 10;
  const started = job.startedAt?.getTime();
  const end = job.finishedAt?.getTime() ?? Date.now();
  const view: JobView = {
    id: job.id,
    status: job.status,
    title: job.title,
    voice: job.voice,
    format: job.format,
    priority: job.options.priority === 'interactive' ? 'interactive' : 'batch',
    metadata: job.metadata,
    progress: { segmentsDone: job.segmentsDone, segmentsTotal: job.segmentsTotal, percent },
    timings: {
      createdAt: job.createdAt.toISOString(),
      startedAt: job.startedAt?.toISOString() ?? null,
      finishedAt: job.finishedAt?.toISOString() ?? null,
      processingSeconds: started === undefined ? null : Math.max(0, (end - started) / 1000),
    },
    output: {
      sampleRate: typeof job.options.sampleRate === 'number' ? job.options.sampleRate : job.sampleRate,
      split: job.options.split === 'chapters' ? 'chapters' : 'none',
    },
    links: { self: `/v1/jobs/${job.id}` },
  };
  if (extra.audioSeconds !== undefined)
    view.progress.audioSeconds = Math.round(extra.audioSeconds * 100) / 100;
  if (job.error) view.error = job.error;
  if (job.status === 'completed' && extra.links) {
    view.audio = {
      url: extra.links.audio,
      format: job.format,
      durationSeconds: job.audioSeconds ?? 0,
      bytes: Number(job.audioBytes ?? 0),
      sha256: job.audioSha256 ?? '',
      expiresAt: extra.links.expiresAt.toISOString(),
    };
    view.manifestUrl = extra.links.manifest;
    view.subtitles = { vtt: extra.links.vtt, srt: extra.links.srt };
    if (extra.links.chapters.length > 0) view.chapters = extra.links.chapters.map(({ key: _key, ...c }) => c);
  }
  return view;
}
