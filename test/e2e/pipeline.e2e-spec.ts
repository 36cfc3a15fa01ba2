import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createKafka } from '@chorus/bus';
import { objectKeys, TOPICS } from '@chorus/contracts';
import { dataSourceOptions } from '@chorus/database';
import { ingestDocument, segmentDocument } from '@chorus/documents';
import { decodeWav, pauseSamples, type PauseKind } from '@chorus/speech';
import { S3ObjectStorage } from '@chorus/storage';
import { listen, type Listener } from '../support/event-listener';
import { sentencesInLogs } from '../support/log-scan';
import { download, getJob, submitText, waitForJob, type JobView } from '../support/api-client';
import {
  startApi,
  startSubscriber,
  startWorker,
  type AppProcess,
  type RunningApi,
} from '../support/processes';
import { config, fixture } from '../support/stack';

interface Manifest {
  sampleRate: number;
  durationSeconds: number;
  segments: {
    ordinal: number;
    chapter: number;
    start: number;
    end: number;
    pauseAfter: PauseKind;
    sentences: { start: number; end: number; text: string }[];
  }[];
}

function vttCues(vtt: string): { start: number; end: number; text: string }[] {
  const toSeconds = (t: string) => {
    const [h, m, s] = t.split(':');
    return Number(h) * 3600 + Number(m) * 60 + Number(s);
  };
  return [...vtt.matchAll(/(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)\n(.+)\n/g)].map((m) => ({
    start: toSeconds(m[1]!),
    end: toSeconds(m[2]!),
    text: m[3]!,
  }));
}

describe('narration pipeline: API → PostgreSQL → Kafka → worker → S3 → events', () => {
  let api: RunningApi;
  let worker: AppProcess;
  let subscriber: AppProcess;
  const downloads = mkdtempSync(join(tmpdir(), 'chorus-subscriber-'));
  let events: Listener;
  const storage = new S3ObjectStorage(config.s3);
  const db = new DataSource(dataSourceOptions(config.postgres));

  beforeAll(async () => {
    api = await startApi(3101);
    worker = await startWorker('cpu:0');
    subscriber = await startSubscriber({
      CHORUS_SUBSCRIBER_GROUP: `e2e-subscriber-${randomUUID()}`,
      CHORUS_SUBSCRIBER_DIR: downloads,
    });
    await db.initialize();
    events = await listen(TOPICS.jobEvents);
  });

  afterAll(async () => {
    await events?.close();
    await worker?.stop();
    await subscriber?.stop();
    await api?.process.stop();
    await db.destroy();
  });

  it('narrates a multi-chapter Markdown upload: the audio is its segments in order with the pause rules', async () => {
    const form = new FormData();
    form.append('file', new Blob([fixture('chapters.md')], { type: 'text/markdown' }), 'chapters.md');
    form.append('speed', '1');
    form.append('metadata', JSON.stringify({ isbn: '978-0-00-000000-0' }));
    const res = await api.fetch(`/v1/jobs`, { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as JobView;
    expect(accepted.title).toBe("The Keeper's Year");
    const job = await waitForJob(api, accepted.id);
    expect(job.status).toBe('completed');
    expect(job.progress).toMatchObject({ segmentsDone: job.progress.segmentsTotal, percent: 100 });

    const wavBytes = await download(job.audio!.url);
    expect(wavBytes.length).toBe(job.audio!.bytes);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(wavBytes).digest('hex')).toBe(job.audio!.sha256);
    const audio = decodeWav(wavBytes);
    const manifest = JSON.parse((await download(job.manifestUrl!)).toString()) as Manifest;
    expect(audio.sampleRate).toBe(manifest.sampleRate);
    expect(audio.samples.length / audio.sampleRate).toBeCloseTo(manifest.durationSeconds, 6);
    expect(job.audio!.durationSeconds).toBeCloseTo(manifest.durationSeconds, 6);

    // Sample for sample: each segment's stored audio, then the pause its boundary asks for.
    let pos = 0;
    for (const seg of manifest.segments) {
      const [row] = await db.query<{ object_key: string }[]>(
        `SELECT object_key FROM segments WHERE job_id = $1 AND ordinal = $2`,
        [job.id, seg.ordinal],
      );
      const segment = decodeWav(await storage.get(row!.object_key));
      expect(Math.round(seg.start * audio.sampleRate)).toBe(pos);
      expect(
        Buffer.from(
          audio.samples.buffer,
          audio.samples.byteOffset + pos * 2,
          segment.samples.length * 2,
        ).equals(Buffer.from(segment.samples.buffer, segment.samples.byteOffset, segment.samples.length * 2)),
      ).toBe(true);
      pos += segment.samples.length;
      const gap = pauseSamples(seg.pauseAfter, audio.sampleRate);
      expect(audio.samples.subarray(pos, pos + gap).every((s) => s === 0)).toBe(true);
      pos += gap;
    }
    expect(pos).toBe(audio.samples.length);

    // Headings start chapters: the segment before each heading ends with the chapter pause.
    expect(Math.max(...manifest.segments.map((s) => s.chapter))).toBe(4);
    for (const [i, seg] of manifest.segments.entries()) {
      const next = manifest.segments[i + 1];
      if (next && next.chapter !== seg.chapter) expect(seg.pauseAfter).toBe('chapter');
    }
    expect(manifest.segments.at(-1)?.pauseAfter).toBe('end');

    // Subtitles carry the manifest's sentence times (to the millisecond) and texts.
    const sentences = manifest.segments.flatMap((s) => s.sentences).filter((s) => s.end > s.start);
    const cues = vttCues((await download(job.subtitles!.vtt)).toString());
    expect(cues).toHaveLength(sentences.length);
    cues.forEach((c, i) => {
      expect(c.start).toBeCloseTo(sentences[i]!.start, 2);
      expect(c.end).toBeCloseTo(sentences[i]!.end, 2);
      expect(c.text).toBe(sentences[i]!.text);
    });
    const srt = (await download(job.subtitles!.srt)).toString();
    expect(srt.split('\n\n').filter(Boolean)).toHaveLength(sentences.length);

    // The completion event arrives (once, after dedupe on its id) and its location works.
    const deadline = Date.now() + 30_000;
    while (
      !events.events.some((e) => e.type === 'chorus.job.completed.v1' && e.data.jobId === job.id) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const completions = new Map(
      events.events
        .filter((e) => e.type === 'chorus.job.completed.v1' && e.data.jobId === job.id)
        .map((e) => [e.id, e]),
    );
    expect(completions.size).toBe(1);
    const event = [...completions.values()][0]!;
    const eventAudio = event.data.audio as { key: string };
    expect(event.data.audio).toMatchObject({
      bucket: config.s3.bucket,
      key: objectKeys.audio(job.id, 'wav'),
      sha256: job.audio!.sha256,
      bytes: job.audio!.bytes,
    });
    expect((await storage.get(eventAudio.key)).equals(wavBytes)).toBe(true);

    // The example subscriber downloaded it once; a redelivered event is skipped by its id.
    await subscriber.waitForLine(new RegExp(`audio ready for job ${job.id}`), 30_000);
    expect(readFileSync(join(downloads, `${job.id}.wav`)).equals(wavBytes)).toBe(true);
    const producer = createKafka(config.kafka, { clientId: 'e2e-redeliver' }).producer();
    await producer.connect();
    await producer.send({
      topic: TOPICS.jobEvents,
      messages: [{ key: job.id, value: JSON.stringify(event) }],
    });

    // A redelivered segment request for a finished job changes nothing (effectively once).
    const [before] = await db.query<{ segments_done: number; updated_at: Date }[]>(
      `SELECT segments_done, updated_at FROM jobs WHERE id = $1`,
      [job.id],
    );
    const request = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'urn:e2e',
      type: 'chorus.segment.requested.v1',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: { jobId: job.id, ordinal: 0, voice: config.speech.defaultVoice, speed: 1 },
    };
    await producer.send({
      topic: TOPICS.segments,
      messages: [{ key: `${job.id}:0`, value: JSON.stringify(request) }],
    });
    await producer.disconnect();
    await subscriber.waitForLine(new RegExp(`duplicate event ${event.id} skipped`), 30_000);
    await new Promise((r) => setTimeout(r, 3000));
    const [after] = await db.query<{ segments_done: number; updated_at: Date }[]>(
      `SELECT segments_done, updated_at FROM jobs WHERE id = $1`,
      [job.id],
    );
    expect(after).toEqual(before);
    expect((await getJob(api, job.id)).status).toBe('completed');
    expect(subscriber.lines.filter((l) => l.includes(`audio ready for job ${job.id}`))).toHaveLength(1);
    expect(existsSync(join(downloads, `${job.id}.wav`))).toBe(true);
  });

  it('keeps the document text out of the API and worker logs', () => {
    const logs = [...api.process.lines, ...worker.lines, ...subscriber.lines];
    expect(logs.length).toBeGreaterThan(5);
    expect(sentencesInLogs(fixture('chapters.md'), logs)).toEqual([]);
  });

  it('makes retries with an Idempotency-Key safe', async () => {
    const key = randomUUID();
    const body = { text: 'Idempotent requests are safe to retry.', title: 'retry' };
    const first = await submitText(api, body, { 'idempotency-key': key });
    const again = await submitText(api, body, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [(await first.json()) as JobView, (await again.json()) as JobView];
    expect(b.id).toBe(a.id);
    const other = await submitText(
      api,
      { ...body, text: 'A different document.' },
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const [count] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM jobs WHERE idempotency_key = $1`,
      [key],
    );
    expect(count?.n).toBe(1);
    expect((await waitForJob(api, a.id)).status).toBe('completed');
  });

  it('cancels a job: pending segments are skipped and it ends cancelled', async () => {
    const text = Array.from(
      { length: 40 },
      (_, i) => `This is sentence number ${i + 1} of a long document that nobody will hear.`,
    ).join(' ');
    const res = await submitText(api, { text });
    const job = (await res.json()) as JobView;
    const cancel = await api.fetch(`/v1/jobs/${job.id}`, { method: 'DELETE' });
    expect(cancel.status).toBe(200);
    expect(((await cancel.json()) as JobView).status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 3000));
    const after = await getJob(api, job.id);
    expect(after.status).toBe('cancelled');
    const rows = await db.query<{ status: string; n: number }[]>(
      `SELECT status, count(*)::int AS n FROM segments WHERE job_id = $1 GROUP BY status`,
      [job.id],
    );
    expect(rows.find((r) => r.status === 'pending')).toBeUndefined();
    expect(rows.find((r) => r.status === 'skipped')?.n ?? 0).toBeGreaterThan(0);
    const again = await api.fetch(`/v1/jobs/${job.id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      status: 409,
      code: 'job_not_cancellable',
      jobStatus: 'cancelled',
    });
  });

  it('lists jobs newest first with a cursor and a status filter', async () => {
    const page1 = (await (await api.fetch(`/v1/jobs?limit=2`)).json()) as {
      items: JobView[];
      nextCursor: string;
    };
    expect(page1.items).toHaveLength(2);
    const page2 = (await (await api.fetch(`/v1/jobs?limit=2&cursor=${page1.nextCursor}`)).json()) as {
      items: JobView[];
    };
    expect(page2.items.map((j) => j.id)).not.toContain(page1.items[0]!.id);
    const cancelled = (await (await api.fetch(`/v1/jobs?status=cancelled`)).json()) as {
      items: JobView[];
    };
    expect(cancelled.items.length).toBeGreaterThan(0);
    expect(cancelled.items.every((j) => j.status === 'cancelled')).toBe(true);
  });

  it('accepts a 1,000,000-character document in under 3 s, with its segments all there and in order', async () => {
    const paragraph = fixture('paragraph.txt').trim();
    let text = '';
    while (text.length < 1_000_000) text += `${paragraph}\n\n`;
    text = text.slice(0, 1_000_000);
    const rssBefore = rss(api.process.pid);
    const started = performance.now();
    const res = await submitText(api, { text });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(202);
    const job = (await res.json()) as JobView;
    console.log(
      `1,000,000 characters accepted in ${elapsed.toFixed(0)} ms; API RSS ${rssBefore} → ${rss(api.process.pid)} MiB`,
    );
    expect(elapsed).toBeLessThan(3000);
    await api.fetch(`/v1/jobs/${job.id}`, { method: 'DELETE' }); // nobody needs to hear it
    expect(rss(api.process.pid) - rssBefore).toBeLessThan(200);

    const expected = segmentDocument(ingestDocument({ kind: 'text', text }), {
      maxChars: config.pipeline.segmentMaxChars,
    });
    expect(job.progress.segmentsTotal).toBe(expected.length);
    const rows = await db.query<{ ordinal: number; char_start: number; char_end: number; text: string }[]>(
      `SELECT ordinal, char_start, char_end, md5(text) AS text FROM segments WHERE job_id = $1 ORDER BY ordinal`,
      [job.id],
    );
    expect(rows.map((r) => r.ordinal)).toEqual(expected.map((s) => s.ordinal));
    expect(rows.map((r) => [r.char_start, r.char_end])).toEqual(
      expected.map((s) => [s.charStart, s.charEnd]),
    );
    const [outbox] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox WHERE key LIKE $1`,
      [`${job.id}:%`],
    );
    expect(outbox?.n).toBe(expected.length);
  });

  it('refuses bad input with the documented 4xx problem, never a 5xx', async () => {
    const cases: { name: string; init: RequestInit; status: number; code: string }[] = [
      {
        name: 'malformed JSON',
        init: { headers: { 'content-type': 'application/json' }, body: '{"text": ' },
        status: 400,
        code: 'malformed_json',
      },
      {
        name: 'wrong content type',
        init: { headers: { 'content-type': 'text/plain' }, body: 'hello' },
        status: 415,
        code: 'unsupported_media_type',
      },
      { name: 'empty text', init: json({ text: '' }), status: 400, code: 'text_empty' },
      { name: 'whitespace text', init: json({ text: ' \n\t ' }), status: 400, code: 'text_empty' },
      {
        name: 'punctuation only',
        init: json({ text: '... !!! ---' }),
        status: 400,
        code: 'text_unspeakable',
      },
      {
        name: 'unknown voice',
        init: json({ text: 'hi', voice: 'xx_XX-nobody-low' }),
        status: 400,
        code: 'voice_not_found',
      },
      {
        name: 'unknown format',
        init: json({ text: 'hi', format: 'flac' }),
        status: 400,
        code: 'invalid_request',
      },
      {
        name: 'a sample rate the format cannot carry',
        init: json({ text: 'hi', format: 'ogg', sampleRate: 22050 }),
        status: 400,
        code: 'unsupported_format',
      },
      {
        name: 'sample rate out of range',
        init: json({ text: 'hi', sampleRate: 96000 }),
        status: 400,
        code: 'invalid_request',
      },
      {
        name: 'unknown split',
        init: json({ text: 'hi', split: 'pages' }),
        status: 400,
        code: 'invalid_request',
      },
      {
        name: 'speed out of range',
        init: json({ text: 'hi', speed: 40 }),
        status: 400,
        code: 'invalid_request',
      },
      { name: 'text of the wrong type', init: json({ text: 42 }), status: 400, code: 'invalid_request' },
      {
        name: 'unknown field',
        init: json({ text: 'hi', colour: 'blue' }),
        status: 400,
        code: 'invalid_request',
      },
      { name: 'a JSON array', init: json([1, 2]), status: 400, code: 'invalid_request' },
      {
        name: 'too large',
        init: json({ text: 'a'.repeat(config.pipeline.maxDocumentChars + 1) }),
        status: 413,
        code: 'document_too_large',
      },
    ];
    for (const c of cases) {
      const res = await api.fetch(`/v1/jobs`, { method: 'POST', ...c.init });
      const body = (await res.json()) as {
        status: number;
        code: string;
        type: string;
        title: string;
        detail: string;
      };
      expect({ name: c.name, status: res.status, code: body.code }).toEqual({
        name: c.name,
        status: c.status,
        code: c.code,
      });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(body.status).toBe(c.status);
      expect(body.type).toMatch(/^urn:chorus:problem:/);
      expect(body.title.length).toBeGreaterThan(0);
      expect(body.detail.length).toBeGreaterThan(0);
    }
    const upload = new FormData();
    upload.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'book.pdf');
    const pdf = await api.fetch(`/v1/jobs`, { method: 'POST', body: upload });
    expect(pdf.status).toBe(415);
    for (const path of [
      '/v1/jobs/not-a-uuid',
      `/v1/jobs/${randomUUID()}`,
      '/v1/jobs/..%2F..%2Fetc%2Fpasswd',
    ]) {
      const res = await api.fetch(path);
      expect(res.status).toBe(404);
    }
  });

  it('lists the voice catalog and reports readiness of its dependencies', async () => {
    const voices = (await (await api.fetch(`/v1/voices`)).json()) as {
      items: { name: string; sampleRate: number; language: string }[];
    };
    expect(voices.items).toContainEqual(
      expect.objectContaining({ name: config.speech.defaultVoice, sampleRate: 22050, language: 'en_US' }),
    );
    const ready = await fetch(`${api.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' }, kafka: { status: 'up' }, s3: { status: 'up' } },
    });
  });
});

function json(body: unknown): RequestInit {
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function rss(pid: number): number {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? 'VmRSS: 0 kB';
  return Math.round(Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024);
}
