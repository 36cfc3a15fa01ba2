/**
 * Benchmark 5: how long a one-page document waits for its first audio while a book is being
 * read. Times the POST to the first `segment.completed` event of the page:
 *
 *  - reference: the page's first segment (as the API cuts it) synthesized in this process with
 *    the worker's session settings, one sentence per pass, phonemization included, while the
 *    fleet is idle: "one segment's synthesis time" of the target;
 *  - idle: the page alone;
 *  - behind a book: a long job (--book-chars, batch lane) is running; pages are submitted one
 *    after the other while it runs (default lane: interactive);
 *  - for contrast, the page once more behind the book, sent with `priority: "batch"`.
 *
 *   npx tsx bench/latency.ts [corpus.txt] [--book-chars 20000] [--pages 5] [--no-contrast]
 *
 * Needs the local stack (`npm run stack -- up`) and a build (`npm run build`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '@chorus/config';
import { DomainError, TOPICS } from '@chorus/contracts';
import { ingestDocument, segmentDocument } from '@chorus/documents';
import { SpeechRuntime } from '@chorus/speech';
import { submitText } from '../test/support/api-client';
import { listen, type Listener } from '../test/support/event-listener';
import { startApi, type AppProcess, type RunningApi } from '../test/support/processes';
import { conditions, table, writeReport } from './bench-report';
import { startDeployedWorker } from './deployed-worker';
import { benchParagraphs, corpusParagraphs, DEFAULT_CORPUS } from './corpus';
import { until } from '../test/support/until';

const COMPLETED = 'chorus.segment.completed.v1';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

interface Posted {
  id: string;
  priority: string;
  progress: { segmentsTotal: number };
}

async function post(api: RunningApi, body: Record<string, unknown>): Promise<Posted> {
  const res = await submitText(api, body);
  if (res.status !== 202) throw new Error(`POST /v1/jobs: ${res.status} ${await res.text()}`);
  return (await res.json()) as Posted;
}

const doneOf = (events: Listener, jobId: string) =>
  events.events.filter((e) => e.data.jobId === jobId && e.type === COMPLETED).length;

/**
 * POST → first segment.completed of that job, in ms; then waits for the rest of the job, so
 * the next page does not queue behind this one's remaining segments.
 */
async function firstSegmentMs(
  api: RunningApi,
  events: Listener,
  body: Record<string, unknown>,
): Promise<number> {
  const started = performance.now();
  const job = await post(api, body);
  await until('the first segment', () => (doneOf(events, job.id) > 0 ? true : undefined), 600_000, 5);
  const ms = performance.now() - started;
  const total = job.progress.segmentsTotal;
  await until('the whole page', () => (doneOf(events, job.id) >= total ? true : undefined), 600_000);
  return ms;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'book-chars': { type: 'string', default: '20000' },
      pages: { type: 'string', default: '5' },
      'no-contrast': { type: 'boolean', default: false },
    },
  });
  const cond = conditions();
  const config = loadConfig();
  const corpus = positionals[0] ?? DEFAULT_CORPUS;
  const book = benchParagraphs(corpus, Number(values['book-chars'])).join('\n\n');
  // A page from later in the book (not the book's own text): paragraphs until ~1,800 characters.
  const later = corpusParagraphs(corpus).slice(200);
  const pageParagraphs: string[] = [];
  for (const p of later) {
    if (pageParagraphs.join('\n\n').length >= 1800) break;
    pageParagraphs.push(p);
  }
  const page = pageParagraphs.join('\n\n');

  // "One segment's synthesis time": the page's first segment, in this process, as the worker would.
  const doc = ingestDocument({ kind: 'text', text: page });
  const first = segmentDocument(doc, { maxChars: config.pipeline.segmentMaxChars })[0]!;
  const runtime = new SpeechRuntime(config.speech, 'cpu:0');
  const synth = await runtime.synthesizer();
  const synthesizeFirst = async () => {
    const started = performance.now();
    for (const s of first.sentences.length ? first.sentences : [first]) {
      const sentence = doc.text.slice(s.charStart, s.charEnd);
      let prepared: { ids: number[] }[] = [];
      try {
        prepared = synth.prepare(sentence);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
      }
      for (const p of prepared) await synth.infer([p.ids]);
    }
    return performance.now() - started;
  };
  await synthesizeFirst(); // warm-up

  const api = await startApi(3141);
  const events = await listen(TOPICS.segmentEvents);
  let worker: AppProcess | undefined;
  try {
    worker = await startDeployedWorker('cpu:0');
    // A first page drains whatever an earlier run left queued; it is not counted.
    const drained = await firstSegmentMs(api, events, { text: page, title: 'drain' });
    const idle: number[] = [];
    for (let i = 0; i < 3; i++)
      idle.push(await firstSegmentMs(api, events, { text: page, title: `idle ${i}` }));
    // The reference, with the fleet idle (nothing queued any more).
    const referenceMs = median([await synthesizeFirst(), await synthesizeFirst(), await synthesizeFirst()]);
    console.log(
      `page: ${page.length} characters; its first segment ${first.text.length} characters, synthesized alone in ${referenceMs.toFixed(0)} ms (median of 3)`,
    );
    console.log(
      `idle: ${idle.map((ms) => ms.toFixed(0)).join(', ')} ms (a first page, not counted: ${drained.toFixed(0)} ms)`,
    );

    const long = await post(api, { text: book, title: 'the book' });
    const bookDone = () => doneOf(events, long.id);
    await until('the book to be running', () => (bookDone() >= 2 ? true : undefined), 600_000);
    const behind: { ms: number; bookSegmentsDone: number }[] = [];
    for (let i = 0; i < Number(values.pages); i++) {
      const ms = await firstSegmentMs(api, events, { text: page, title: `behind the book ${i}` });
      behind.push({ ms, bookSegmentsDone: bookDone() });
      console.log(`behind the book: ${ms.toFixed(0)} ms (book: ${bookDone()} segments done)`);
      await sleep(1500);
    }
    let contrastMs: number | undefined;
    if (!values['no-contrast']) {
      contrastMs = await firstSegmentMs(api, events, { text: page, title: 'batch lane', priority: 'batch' });
      console.log(`the page in the batch lane, behind the book: ${contrastMs.toFixed(0)} ms`);
    }
    // Whatever of the book is left would only hold up whoever uses the worker next.
    await api.fetch(`/v1/jobs/${long.id}`, { method: 'DELETE' });
    const target = referenceMs + 300;
    const worst = Math.max(...behind.map((b) => b.ms));
    console.log(
      `\n${table(
        ['case', 'POST → first segment.completed, ms (median / max)', 'target ms'],
        [
          ['one segment synthesized alone (reference)', referenceMs.toFixed(0), ''],
          [
            'page alone (idle fleet)',
            `${median(idle).toFixed(0)} / ${Math.max(...idle).toFixed(0)}`,
            target.toFixed(0),
          ],
          [
            'page behind a running book (interactive lane)',
            `${median(behind.map((b) => b.ms)).toFixed(0)} / ${worst.toFixed(0)}`,
            target.toFixed(0),
          ],
          ...(contrastMs === undefined
            ? []
            : [['page behind the book, sent as priority batch', contrastMs.toFixed(0), '']]),
        ],
      )}\n\nbehind the book: median ${(median(behind.map((b) => b.ms)) - referenceMs).toFixed(0)} ms over one segment's synthesis time (target ≤ 300 ms)`,
    );
    const file = writeReport('latency', cond, {
      page: { chars: page.length, firstSegmentChars: first.text.length },
      book: { chars: book.length },
      referenceMs,
      idleMs: idle,
      behindTheBook: behind,
      contrastBatchLaneMs: contrastMs,
      targetMs: target,
    });
    console.log(`\nwrote ${file}`);
  } finally {
    await worker?.stop();
    await events.close();
    await api.process.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
