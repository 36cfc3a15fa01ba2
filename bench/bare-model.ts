/**
 * Benchmarks 1 and 4 (bare-model half): the voice in a tight in-process loop on a fixed text
 * of at least 20,000 characters (sentences phonemized beforehand), no pipeline around it.
 *
 *  A. thread settings: each session configuration (CHORUS_SESSION_OPTIONS syntax) runs the
 *     whole text one sentence per pass. The configurations take turns every --block
 *     sentences (the order reversed every other turn), so load from other work on the
 *     machine falls on all of them alike.
 *  B. batch sweep with the best configuration: passes of 1, 2, 4, 8, 16 sentences sorted by
 *     length within a claim's window (--window sentences), and for --compare-sizes also
 *     unsorted and bucketed (the worker's planner, libs/speech/src/pass-plan.ts), taking
 *     turns window by window.
 *  C. padding waste of every plan, from the ids lengths and the frames the model gave each
 *     sentence (its w_ceil durations): the share of a padded pass that is padding.
 *
 * Prints tables, names the best configuration (the ceiling: audio seconds per wall second),
 * writes out/bench/bare-model/<date>.json and latest.json.
 *
 *   npx tsx bench/bare-model.ts [corpus.txt] [--chars 20000] [--device cpu:0] [--precision fp32]
 *     [--configs "threads:0;threads:1;threads:2;..."] [--block 12]
 *     [--sizes 1,2,4,8,16] [--compare-sizes 4,16] [--window 24] [--ratio 1.25] [--sweep-inputs N]
 *
 * --sweep-inputs limits B to the first N model inputs (default: all) for a shorter run.
 */
import { parseArgs } from 'node:util';
import {
  defaultSessionSettings,
  loadConfig,
  parseSessionRules,
  PRECISIONS,
  type Precision,
  type SessionSettings,
} from '@chorus/config';
import { DomainError } from '@chorus/contracts';
import { PASS_LENGTH_RATIO, PiperVoice, SpeechRuntime } from '@chorus/speech';
import { paddingWaste, plan, STRATEGIES, type Strategy } from './batch-plans';
import { conditions, table, writeReport } from './bench-report';
import { chunk, rate, takeTurns, ZERO, type Timing } from './turns';
import { benchParagraphs, DEFAULT_CORPUS, sentencesOf } from './corpus';

/** Measured in turns (the global sort needs the whole text, which no window has). */
const MEASURED: Strategy[] = ['unsorted', 'window-sorted', 'bucketed'];

const DEFAULT_CONFIGS = [
  'threads:0,spinning:on',
  'threads:0,spinning:off',
  'threads:1,spinning:on',
  'threads:2,spinning:on',
  'threads:2,spinning:off',
  'threads:1,mode:parallel,interThreads:2,spinning:on',
  'threads:2,arena:off,memPattern:off,spinning:on',
  'threads:2,optimization:extended,spinning:on',
].join(';');

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      chars: { type: 'string', default: '20000' },
      device: { type: 'string', default: 'cpu:0' },
      precision: { type: 'string', default: 'fp32' },
      configs: { type: 'string', default: DEFAULT_CONFIGS },
      block: { type: 'string', default: '12' },
      sizes: { type: 'string', default: '1,2,4,8,16' },
      'compare-sizes': { type: 'string', default: '4,16' },
      window: { type: 'string', default: '24' },
      ratio: { type: 'string', default: String(PASS_LENGTH_RATIO) },
      'sweep-inputs': { type: 'string', default: '0' },
    },
  });
  const cond = conditions();
  const config = loadConfig();
  const device = values.device;
  const precision = values.precision as Precision;
  if (!PRECISIONS.includes(precision)) throw new Error(`--precision: one of ${PRECISIONS.join(', ')}`);
  const runtime = new SpeechRuntime(config.speech, device);
  const files = runtime.catalog.resolve(config.speech.defaultVoice, precision);

  // The text, phonemized once (timed: it is the one stage this benchmark leaves out).
  const paragraphs = benchParagraphs(positionals[0] ?? DEFAULT_CORPUS, Number(values.chars));
  const sentences = sentencesOf(paragraphs);
  const text = runtime.text();
  const phonemizeStarted = performance.now();
  const ids = sentences.flatMap((s) => {
    try {
      return text.prepare(s).map((p) => p.ids);
    } catch (err) {
      if (err instanceof DomainError) return []; // nothing to say ("* * *")
      throw err;
    }
  });
  const phonemizeSeconds = (performance.now() - phonemizeStarted) / 1000;
  const chars = paragraphs.reduce((n, p) => n + p.length, 0);
  console.log(
    `voice ${files.name} (${precision}) on ${device}: ${chars} characters, ${sentences.length} sentences, ${ids.length} model inputs; phonemized in ${phonemizeSeconds.toFixed(2)} s`,
  );

  // A. Thread settings, one sentence per pass, taking turns part by part.
  const configs = values.configs
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((spec) => ({
      spec,
      settings: {
        ...defaultSessionSettings(),
        ...parseSessionRules(`*=${spec}`)[0]?.options,
        precision,
      } satisfies SessionSettings,
    }));
  const voices: PiperVoice[] = [];
  for (const c of configs) {
    const voice = await PiperVoice.load(files, { device, settings: c.settings });
    await voice.infer([ids[0]!], ZERO); // warm-up: first run allocates and plans
    await voice.infer([ids[1] ?? ids[0]!], ZERO);
    voices.push(voice);
  }
  const frames: number[] = new Array<number>(ids.length).fill(0);
  const block = Math.max(1, Number(values.block));
  const blocks = chunk(
    ids.map((_, i) => i),
    block,
  );
  const turns = await takeTurns(
    voices.map((v) => ({ voice: v, plan: (b: number[]) => b.map((i) => [i]) })),
    ids,
    blocks,
    configs.map((c) => c.spec),
    (_, i, w) => (frames[i] = w.length / voices[0]!.config.hopLength),
  );
  const threadRows = configs.map((c, k) => ({
    config: c.spec,
    ...turns[k]!.total,
    audioPerSecond: rate(turns[k]!.total),
    audioPerCpuSecond: turns[k]!.total.audioSeconds / turns[k]!.total.cpuSeconds,
    blockRates: turns[k]!.perBlock,
  }));
  const best = threadRows.reduce((a, b) => (b.audioPerSecond > a.audioPerSecond ? b : a));
  const bestIndex = threadRows.indexOf(best);
  console.log(
    `\nA. thread settings, one sentence per pass (${ids.length} sentences, turns of ${block}; the block columns: slowest and fastest block)`,
  );
  console.log(
    table(
      [
        'configuration',
        'wall s',
        'cpu s',
        'audio s',
        'audio s per wall s',
        'audio s per cpu s',
        'block min',
        'block max',
      ],
      threadRows.map((r) => [
        r.config,
        r.seconds.toFixed(1),
        r.cpuSeconds.toFixed(1),
        r.audioSeconds.toFixed(1),
        r.audioPerSecond.toFixed(2),
        r.audioPerCpuSecond.toFixed(2),
        Math.min(...r.blockRates).toFixed(1),
        Math.max(...r.blockRates).toFixed(1),
      ]),
    ),
  );
  for (const [k, v] of voices.entries()) if (k !== bestIndex) await v.release();
  const voice = voices[bestIndex]!;

  // B. Batch sweep with the best configuration.
  const sweep = Number(values['sweep-inputs']) > 0 ? ids.slice(0, Number(values['sweep-inputs'])) : ids;
  const lengths = sweep.map((x) => x.length);
  const opts = { window: Number(values.window), ratio: Number(values.ratio) };
  const sizes = values.sizes.split(',').map(Number);
  const compare = new Set(values['compare-sizes'].split(',').filter(Boolean).map(Number));
  const batchRows: {
    strategy: Strategy;
    size: number;
    passes: number;
    timing: Timing;
    audioPerSecond: number;
  }[] = [];
  console.log(`\nB. batch sweep with ${best.config}, ${sweep.length} inputs, turns of one window`);
  const contenders: { strategy: Strategy; size: number }[] = sizes.flatMap((size) =>
    (size > 1 && compare.has(size) ? MEASURED : (['window-sorted'] as Strategy[])).map((strategy) => ({
      strategy,
      size,
    })),
  );
  const windows = chunk(
    sweep.map((_, i) => i),
    opts.window,
  );
  const planIn = (strategy: Strategy, size: number) => (w: number[]) =>
    plan(
      w.map((i) => lengths[i] ?? 0),
      strategy,
      { ...opts, size, window: w.length },
    ).map((pass) => pass.map((j) => w[j]!));
  const sweepTurns = await takeTurns(
    contenders.map((c) => ({ voice, plan: planIn(c.strategy, c.size) })),
    sweep,
    windows,
    contenders.map((c) => `${c.strategy} ${c.size}`),
  );
  for (const [k, c] of contenders.entries()) {
    const passes = windows.reduce((n, w) => n + planIn(c.strategy, c.size)(w).length, 0);
    const timing = sweepTurns[k]!.total;
    batchRows.push({ ...c, passes, timing, audioPerSecond: rate(timing) });
  }
  await voice.release();
  const single = batchRows.find((r) => r.size === 1)?.audioPerSecond ?? best.audioPerSecond;

  // C. Padding waste of each plan: in ids (what the encoder pads) and in frames (the decoder).
  const wasteRows = sizes.flatMap((size) =>
    STRATEGIES.map((strategy) => {
      const passes = plan(lengths, strategy, { ...opts, size });
      return {
        strategy,
        size,
        passes: passes.length,
        idsWaste: paddingWaste(passes, lengths),
        framesWaste: paddingWaste(passes, frames.slice(0, sweep.length)),
      };
    }),
  );
  console.log(`\nB. batch sweep (measured), ${best.config}`);
  console.log(
    table(
      ['strategy', 'size', 'passes', 'wall s', 'audio s per wall s', 'vs size 1', 'frame padding'],
      batchRows.map((r) => [
        r.strategy,
        r.size,
        r.passes,
        r.timing.seconds.toFixed(1),
        r.audioPerSecond.toFixed(2),
        (r.audioPerSecond / single).toFixed(2),
        `${(100 * (wasteRows.find((w) => w.size === r.size && w.strategy === r.strategy)?.framesWaste ?? 0)).toFixed(1)} %`,
      ]),
    ),
  );
  console.log(
    `\nC. padding waste (share of each padded pass that is padding; window ${opts.window} sentences, bucket ratio ${opts.ratio})`,
  );
  console.log(
    table(
      ['size', ...STRATEGIES.flatMap((s) => [`${s} ids`, `${s} frames`])],
      sizes.map((size) => [
        size,
        ...STRATEGIES.flatMap((s) => {
          const w = wasteRows.find((x) => x.size === size && x.strategy === s)!;
          return [`${(100 * w.idsWaste).toFixed(1)} %`, `${(100 * w.framesWaste).toFixed(1)} %`];
        }),
      ]),
    ),
  );
  const ceilingRow = [
    ...batchRows,
    { strategy: 'window-sorted', size: 1, audioPerSecond: best.audioPerSecond },
  ].reduce((a, b) => (b.audioPerSecond > a.audioPerSecond ? b : a));
  console.log(
    `\nceiling: ${ceilingRow.audioPerSecond.toFixed(2)} audio s per wall s (${best.config}, ${ceilingRow.size} per pass, ${ceilingRow.strategy}); real-time factor ${(1 / ceilingRow.audioPerSecond).toFixed(4)}`,
  );
  const file = writeReport('bare-model', cond, {
    voice: files.name,
    precision,
    device,
    text: {
      chars,
      paragraphs: paragraphs.length,
      sentences: sentences.length,
      inputs: ids.length,
      phonemizeSeconds,
    },
    threads: threadRows,
    best: best.config,
    batches: { inputs: sweep.length, rows: batchRows },
    padding: { window: opts.window, ratio: opts.ratio, rows: wasteRows },
    ceiling: {
      config: best.config,
      size: ceilingRow.size,
      strategy: ceilingRow.strategy,
      audioPerSecond: ceilingRow.audioPerSecond,
    },
  });
  console.log(`wrote ${file}`);
}

void main();
