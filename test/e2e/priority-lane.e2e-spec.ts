import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@chorus/contracts';
import { getJob, submitText, type JobView } from '../support/api-client';
import { listen, type Listener } from '../support/event-listener';
import { startApi, startWorker, type AppProcess, type RunningApi } from '../support/processes';
import { until } from '../support/until';

/** A book's worth of work for this test: about 60 segments of full sentences. */
const BOOK = Array.from(
  { length: 240 },
  (_, i) => `In the ${i + 1}th hour the travellers crossed another valley and rested by the water.`,
).join(' ');

const PAGE =
  'The letter arrived on a Tuesday. It was short, and it asked only one thing: would she come home?';

async function submit(
  api: RunningApi,
  body: Record<string, unknown>,
): Promise<JobView & { priority: string }> {
  const res = await submitText(api, body);
  expect(res.status).toBe(202);
  return (await res.json()) as JobView & { priority: string };
}

describe('priority lane: a short job does not wait behind a book', () => {
  let api: RunningApi;
  let worker: AppProcess;
  let segmentEvents: Listener;

  beforeAll(async () => {
    api = await startApi(3122);
    worker = await startWorker('cpu:0');
    segmentEvents = await listen(TOPICS.segmentEvents);
  });

  afterAll(async () => {
    await segmentEvents?.close();
    await worker?.stop();
    await api?.process.stop();
  });

  const completed = (jobId: string) =>
    segmentEvents.events.filter((e) => e.data.jobId === jobId && e.type === 'chorus.segment.completed.v1');

  it('chooses the lane by size, and refuses an interactive request above the limit', async () => {
    expect((await submit(api, { text: PAGE })).priority).toBe('interactive');
    expect((await submit(api, { text: PAGE, priority: 'batch' })).priority).toBe('batch');
    const res = await submitText(api, { text: BOOK, priority: 'interactive' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe('interactive_too_large');
    const bad = await submitText(api, { text: PAGE, priority: 'urgent' });
    expect(bad.status).toBe(400);
  });

  it("serves a page submitted while a book is being read before the book's remaining segments", async () => {
    const book = await submit(api, { text: BOOK });
    expect(book.priority).toBe('batch');
    await until(
      'the book to be running',
      () => (completed(book.id).length >= 2 ? true : undefined),
      120_000,
      20,
    );

    const posted = performance.now();
    const page = await submit(api, { text: PAGE });
    expect(page.priority).toBe('interactive');
    const first = await until('the page', () => completed(page.id)[0], 120_000, 20);
    const latencyMs = performance.now() - posted;

    const bookAtThatMoment = completed(book.id).length;
    const bookNow = await getJob(api, book.id);
    console.log(
      `page's first segment ${latencyMs.toFixed(0)} ms after its POST; the book had ${bookAtThatMoment} of ${book.progress.segmentsTotal} segments done`,
    );
    expect(first.data.jobId).toBe(page.id);
    // The book was far from done: the page overtook its backlog instead of queueing behind it.
    expect(bookNow.progress.segmentsTotal - bookAtThatMoment).toBeGreaterThan(20);
    expect(latencyMs).toBeLessThan(15_000);
    // The book has done its part; it would only hold the worker up for the tests after this one.
    expect((await api.fetch(`/v1/jobs/${book.id}`, { method: 'DELETE' })).status).toBe(200);
  });
});
