/**
 * Benchmarks 3 and 4 (pipeline half): the fixed text of bench/bare-model.ts submitted through
 * the API, timed from the POST to its `job.completed` event on Kafka, with one worker as
 * deployed by default (one device, cpu:0, onnxruntime's thread choice, batch size 8); and the
 * bare model on the same text in this process, before and after, as the ceiling of this run.
 *
 * The ratio is the one the issue asks for, audio seconds per second of the pipeline over the
 * bare model's, on the same speech: both make the same sentences, so it is the bare model's
 * wall time over the pipeline's. (The pipeline's own audio also has the pauses it puts between
 * sentences and paragraphs, which cost nothing to make; its audio-per-second column shows them.)
 *
 * Then the batch sweep: the worker restarted with CHORUS_BATCH_SIZE 1, 2, 4, 8, 16 on the first
 * --sweep-chars characters, each timed the same way.
 *
 *   npx tsx bench/pipeline.ts [corpus.txt] [--chars 20000] [--sweep-chars 6000]
 *     [--batch-sizes 1,2,4,8,16] [--no-sweep]
 *
 * Needs the local stack (`npm run stack -- up`) and a build (`npm run build`).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '@chorus/config';
import { DomainError, TOPICS } from '@chorus/contracts';
import { PiperVoice, SpeechRuntime } from '@chorus/speech';
import { submitText } from '../test/support/api-client';
import { listen, type Listener } from '../test/support/event-listener';
import { startApi, type AppProcess, type RunningApi } from '../test/support/processes';
import { conditions, table, writeReport } from './bench-report';
import { startDeployedWorker } from './deployed-worker';
import { benchParagraphs, DEFAULT_CORPUS, sentencesOf } from './corpus';
import { rate, run, type Timing } from './turns';
import { until } from '../test/support/until';

interface PipelineRun {
  batchSize: number;
  chars: number;
  segments: number;
  /** POST sent → job.completed received. */
  seconds: number;
  /** POST sent → first segment.completed received. */
  firstSegmentSeconds: number;
  audioSeconds: number;
}

/** Submits the text and times it to its completion event. */
async function throughPipeline(
  api: RunningApi,
  jobEvents: Listener,
  segmentEvents: Listener,
  text: string,
  batchSize: number,
): Promise<PipelineRun> {
  const started = performance.now();
  const res = await submitText(api, { text, title: 'pipeline benchmark', priority: 'batch' });
  if (res.status !== 202) throw new Error(`POST /v1/jobs: ${res.status} ${await res.text()}`);
  const job = (await res.json()) as { id: string; progress: { segmentsTotal: number } };
  const mine = (l: Listener, type: string) => () =>
    l.events.find((e) => e.data.jobId === job.id && e.type === type);
  await until('a first segment', mine(segmentEvents, 'chorus.segment.completed.v1'), 3_600_000);
  const firstSegmentSeconds = (performance.now() - started) / 1000;
  const done = await until('job.completed', mine(jobEvents, 'chorus.job.completed.v1'), 3_600_000);
  const seconds = (performance.now() - started) / 1000;
  const audio = (done.data as { audio?: { durationSeconds?: number } }).audio;
  return {
    batchSize,
    chars: text.length,
    segments: job.progress.segmentsTotal,
    seconds,
    firstSegmentSeconds,
    audioSeconds: audio?.durationSeconds ?? 0,
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      chars: { type: 'string', default: '20000' },
      'sweep-chars': { type: 'string', default: '6000' },
      'batch-sizes': { type: 'string', default: '1,2,4,8,16' },
      'no-sweep': { type: 'boolean', default: false },
    },
  });
  const cond = conditions();
  const config = loadConfig();
  const corpus = positionals[0] ?? DEFAULT_CORPUS;
  const paragraphs = benchParagraphs(corpus, Number(values.chars));
  const text = paragraphs.join('\n\n');

  // The bare model: the same sentences, phonemized beforehand, one per pass, default session.
  const runtime = new SpeechRuntime(config.speech, 'cpu:0');
  const speech = runtime.text();
  const ids = sentencesOf(paragraphs).flatMap((s) => {
    try {
      return speech.prepare(s).map((p) => p.ids);
    } catch (err) {
      if (err instanceof DomainError) return [];
      throw err;
    }
  });
  const voice = await PiperVoice.load(runtime.catalog.resolve(config.speech.defaultVoice), {
    settings: runtime.settings,
  });
  await voice.infer([ids[0]!]);
  const bare = async (): Promise<Timing> =>
    run(
      voice,
      ids,
      ids.map((_, i) => [i]),
    );

  const api = await startApi(3140);
  const jobEvents = await listen(TOPICS.jobEvents);
  const segmentEvents = await listen(TOPICS.segmentEvents);
  let worker: AppProcess | undefined;
  try {
    worker = await startDeployedWorker('cpu:0');
    console.log(`${text.length} characters, ${ids.length} model inputs; bare model, pipeline, bare model`);
    const bareBefore = await bare();
    console.log(`  bare model: ${bareBefore.seconds.toFixed(1)} s, ${rate(bareBefore).toFixed(2)} audio s/s`);
    const pipeline = await throughPipeline(api, jobEvents, segmentEvents, text, config.worker.batchSize);
    console.log(`  pipeline: ${pipeline.seconds.toFixed(1)} s for ${pipeline.segments} segments`);
    const bareAfter = await bare();
    console.log(`  bare model: ${bareAfter.seconds.toFixed(1)} s, ${rate(bareAfter).toFixed(2)} audio s/s`);
    const bareSeconds = (bareBefore.seconds + bareAfter.seconds) / 2;
    const bareAudio = bareBefore.audioSeconds;
    const ratio = bareSeconds / pipeline.seconds;
    console.log(
      `\n${table(
        ['', 'wall s', 'audio s', 'audio s per s (same speech)', 'ratio'],
        [
          [
            'bare model (mean of 2)',
            bareSeconds.toFixed(1),
            bareAudio.toFixed(1),
            (bareAudio / bareSeconds).toFixed(2),
            '1.00',
          ],
          [
            'pipeline (POST → job.completed)',
            pipeline.seconds.toFixed(1),
            `${pipeline.audioSeconds.toFixed(1)} with pauses`,
            (bareAudio / pipeline.seconds).toFixed(2),
            ratio.toFixed(3),
          ],
        ],
      )}\n\npipeline ÷ bare model = ${ratio.toFixed(3)} (target ≥ 0.90); first segment after ${pipeline.firstSegmentSeconds.toFixed(2)} s`,
    );

    const sweep: (PipelineRun & { secondsPerKChar: number })[] = [];
    if (!values['no-sweep']) {
      const sweepText = benchParagraphs(corpus, Number(values['sweep-chars'])).join('\n\n');
      for (const size of values['batch-sizes'].split(',').map(Number)) {
        await worker.stop();
        worker = await startDeployedWorker('cpu:0', { CHORUS_BATCH_SIZE: String(size) });
        const r = await throughPipeline(api, jobEvents, segmentEvents, sweepText, size);
        sweep.push({ ...r, secondsPerKChar: r.seconds / (r.chars / 1000) });
        console.log(`  batch ${size}: ${r.seconds.toFixed(1)} s`);
      }
      const best = Math.min(...sweep.map((s) => s.seconds));
      console.log(
        `\n${table(
          ['CHORUS_BATCH_SIZE', 'segments', 'wall s', 'first segment s', 'vs fastest'],
          sweep.map((s) => [
            s.batchSize,
            s.segments,
            s.seconds.toFixed(1),
            s.firstSegmentSeconds.toFixed(2),
            (best / s.seconds).toFixed(3),
          ]),
        )}`,
      );
    }
    const file = writeReport('pipeline', cond, {
      text: { corpus, chars: text.length, modelInputs: ids.length },
      worker: { devices: 'cpu:0', session: runtime.settings, batchSize: config.worker.batchSize },
      bare: { before: bareBefore, after: bareAfter, meanSeconds: bareSeconds },
      pipeline,
      ratio,
      sweep,
    });
    console.log(`\nwrote ${file}`);
  } finally {
    await worker?.stop();
    await jobEvents.close();
    await segmentEvents.close();
    await api.process.stop();
    await voice.release();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
