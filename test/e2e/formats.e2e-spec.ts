import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, submitText, waitForJob } from '../support/api-client';
import { probe } from '../support/ffprobe';
import { startApi, startWorker, type AppProcess, type RunningApi } from '../support/processes';
import { fixture } from '../support/stack';

interface ChapterLink {
  index: number;
  title: string | null;
  url: string;
  startSeconds: number;
  durationSeconds: number;
  bytes: number;
}

describe('output formats: wav, mp3, ogg (Opus), sample rates, one file per chapter', () => {
  let api: RunningApi;
  let worker: AppProcess;

  beforeAll(async () => {
    api = await startApi(3109);
    worker = await startWorker('cpu:0');
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.process.stop();
  });

  async function narrate(body: Record<string, unknown> | FormData) {
    const res =
      body instanceof FormData
        ? await api.fetch('/v1/jobs', { method: 'POST', body })
        : await submitText(api, body);
    expect(res.status, await res.clone().text()).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const job = await waitForJob(api, id);
    expect(job.status, job.error).toBe('completed');
    return job as typeof job & { chapters?: ChapterLink[]; output: { sampleRate: number; split: string } };
  }

  it('encodes MP3 at 22,050 Hz and Ogg Opus at 48,000 Hz that decode to the narration length', async () => {
    const text = 'The lighthouse keeper counted the boats. Then he climbed the stairs and lit the lamp.';
    for (const [format, sampleRate, codec, ext] of [
      ['mp3', 22050, 'mp3', 'mp3'],
      ['ogg', 48000, 'opus', 'ogg'],
    ] as const) {
      const job = await narrate({ text, format, sampleRate });
      expect(job.audio?.format).toBe(format);
      expect(job.output.sampleRate).toBe(sampleRate);
      const bytes = await download(job.audio!.url);
      expect(bytes.length).toBe(job.audio!.bytes);
      const decoded = await probe(bytes, ext);
      expect(decoded).toMatchObject({ codec, sampleRate, channels: 1 });
      // Encoders add a few tens of milliseconds of priming/padding, never more.
      expect(Math.abs(decoded.durationSeconds - job.audio!.durationSeconds)).toBeLessThan(0.1);
    }
  });

  it('resamples WAV to 16,000 Hz with the same duration', async () => {
    const job = await narrate({ text: 'A short sentence, resampled.', format: 'wav', sampleRate: 16000 });
    const bytes = await download(job.audio!.url);
    const decoded = await probe(bytes, 'wav');
    expect(decoded).toMatchObject({ codec: 'pcm_s16le', sampleRate: 16000, channels: 1 });
    expect(Math.abs(decoded.durationSeconds - job.audio!.durationSeconds)).toBeLessThan(0.001);
    expect(bytes.length).toBe(44 + Math.round(job.audio!.durationSeconds * 16000) * 2);
  });

  it('writes one file per chapter beside the single file, linked from the job and the manifest', async () => {
    const form = new FormData();
    form.append('file', new Blob([fixture('chapters.md')], { type: 'text/markdown' }), 'chapters.md');
    form.append('format', 'mp3');
    form.append('split', 'chapters');
    const job = await narrate(form);
    const chapters = job.chapters ?? [];
    // The document: a title heading, then Spring, Summer, Autumn.
    expect(chapters.map((c) => c.title)).toEqual(["The Keeper's Year", 'Spring', 'Summer', 'Autumn']);
    const total = chapters.reduce((n, c) => n + c.durationSeconds, 0);
    expect(total).toBeCloseTo(job.audio!.durationSeconds, 3);
    for (const c of chapters) {
      const decoded = await probe(await download(c.url), 'mp3');
      expect(Math.abs(decoded.durationSeconds - c.durationSeconds)).toBeLessThan(0.1);
    }
    const manifest = JSON.parse((await download(job.manifestUrl!)).toString('utf8')) as {
      chapters: { index: number; key: string; startSeconds: number }[];
    };
    expect(manifest.chapters.map((c) => c.startSeconds)).toEqual(chapters.map((c) => c.startSeconds));
    for (const c of manifest.chapters)
      expect(c.key).toMatch(new RegExp(`/chapters/${String(c.index).padStart(3, '0')}\\.mp3$`));
  });
});
