import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSse, type ServerSentEvent } from '../../tools/cli/sse-reader';
import { submitText, waitForJob } from '../support/api-client';
import { startApi, startWorker, type AppProcess, type RunningApi } from '../support/processes';

const TEXT =
  'The ice left the harbour late that year. The keeper walked the shore each morning. ' +
  'By April the gulls had returned, loud and hungry. The first ferry brought letters from the mainland.';

describe('live progress: GET /v1/jobs/{id}/events (Server-Sent Events)', () => {
  let api: RunningApi;
  let worker: AppProcess;

  beforeAll(async () => {
    api = await startApi(3110, { CHORUS_SSE_POLL_MS: '100', CHORUS_SSE_HEARTBEAT_SECONDS: '0.2' });
    worker = await startWorker('cpu:0');
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.process.stop();
  });

  async function submit(): Promise<string> {
    // Short segments, so the job has several and progress moves in steps.
    const res = await submitText(api, { text: TEXT });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }

  async function collect(res: Response, comments: string[] = []): Promise<ServerSentEvent[]> {
    const events: ServerSentEvent[] = [];
    for await (const e of readSse(res.body!, (c) => comments.push(c))) events.push(e);
    return events;
  }

  it('streams progress and segment events and closes after completed', async () => {
    const id = await submit();
    const res = await api.fetch(`/v1/jobs/${id}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const comments: string[] = [];
    const events = await collect(res, comments);

    const final = events.at(-1)!;
    expect(final.event).toBe('completed');
    const view = JSON.parse(final.data) as {
      status: string;
      audio: { url: string };
      progress: { percent: number };
    };
    expect(view.status).toBe('completed');
    expect(view.progress.percent).toBe(100);
    expect(view.audio.url).toMatch(/^http/);

    const progress = events
      .filter((e) => e.event === 'progress')
      .map((e) => JSON.parse(e.data) as { segmentsDone: number; segmentsTotal: number; percent: number });
    expect(progress.length).toBeGreaterThan(0);
    const done = progress.map((p) => p.segmentsDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ percent: 100 });
    const ids = events.filter((e) => e.event === 'progress').map((e) => e.id);
    expect(ids).toEqual(done.map(String));
    // Every segment finished after the stream opened was announced once.
    const segments = events
      .filter((e) => e.event === 'segment')
      .map((e) => (JSON.parse(e.data) as { ordinal: number }).ordinal);
    expect(new Set(segments).size).toBe(segments.length);
    // Keep-alive comments were sent while the job ran (every 0.2 s here).
    expect(comments).toContain('keep-alive');
  });

  it('sends only the final event to a client resuming with Last-Event-ID after the end', async () => {
    const id = await submit();
    const job = await waitForJob(api, id);
    const res = await api.fetch(`/v1/jobs/${id}/events`, {
      headers: { 'last-event-id': String(job.progress.segmentsTotal) },
    });
    const events = await collect(res);
    expect(events.map((e) => e.event)).toEqual(['completed']);
    expect(events[0]!.id).toBe('completed');
  });

  it('is tenant-scoped: 401 without a key, 404 for another tenant or an unknown id', async () => {
    const id = await submit();
    const anonymous = await fetch(`${api.url}/v1/jobs/${id}/events`);
    expect(anonymous.status).toBe(401);
    const other = await api.newTenant();
    const foreign = await other.fetch(`/v1/jobs/${id}/events`);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await api.fetch(`/v1/jobs/00000000-0000-4000-8000-000000000000/events`)).status).toBe(404);
    expect((await api.fetch(`/v1/jobs/not-a-uuid/events`)).status).toBe(404);
    await waitForJob(api, id);
  });
});
