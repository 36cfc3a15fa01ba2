/**
 * Benchmark 2: the reference runtime against our worker path, on the same text and voice, in
 * one run.
 *
 *  - piper-tts as a user runs it: `python -m piper -m VOICE.onnx -c VOICE.onnx.json -i text.txt
 *    -f out.wav` on the fixed text (one paragraph per line), timed from process start to exit.
 *    Its start-up and voice load are timed apart with a one-word input, so synthesis alone is
 *    the difference. The text goes in --turns parts, piper and ours alternating who goes
 *    first, so load from other work on the machine falls on both alike.
 *  - ours: the worker's in-process path on the same text: the API's segmentation
 *    (libs/documents) into segments and sentences, phonemes, claims of CHORUS_BATCH_SIZE
 *    segments whose sentences go through the worker's pass planner (length buckets, the
 *    device's pass size), each segment assembled and encoded as WAV, with the session
 *    settings the worker would use (CHORUS_SESSION_OPTIONS, or --session). Load and warm-up
 *    are timed apart, as the worker does them before it joins the group. (What the worker
 *    adds around it, storage, database and Kafka, is the pipeline benchmark's business.)
 *  - the same phoneme ids, one sentence per run, through Python onnxruntime 1.32 (piper's) and
 *    1.30, and onnxruntime-node 1.30, with onnxruntime's defaults and with our settings: where
 *    a difference comes from (version, binding, options).
 *
 * Both sides use the voice's own noise scales (what a user gets). Prints a table and the ratio
 * ours ÷ reference (target 1.3), writes out/bench/reference-runtime/<date>.json and latest.json.
 *
 *   npx tsx bench/reference-runtime.ts [corpus.txt] [--chars 20000] [--device cpu:0]
 *     [--session "threads:2,spinning:off"] [--ids-sentences 40] [--turns 4]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, parseSessionRules } from '@chorus/config';
import { DomainError } from '@chorus/contracts';
import { ingestDocument, segmentDocument } from '@chorus/documents';
import {
  assembleSegment,
  encodeWav,
  passLengthRatio,
  passMaxItems,
  PiperVoice,
  planPasses,
  SpeechRuntime,
} from '@chorus/speech';
import { conditions, cpuSeconds, table, writeReport } from './bench-report';
import { benchParagraphs, DEFAULT_CORPUS, sentencesOf } from './corpus';

const PYTHON = resolve(__dirname, '../.stack/venv-piper/bin/python');
const ORT_TIMING = resolve(__dirname, '../tools/reference/ort_timing.py');

interface Unit {
  ids: number[];
  wave?: Float32Array;
}

/** Text with nothing to say ("* * *") is silence to the worker, not an error. */
function speakable<T>(prepare: () => T[]): T[] {
  try {
    return prepare();
  } catch (err) {
    if (err instanceof DomainError) return [];
    throw err;
  }
}

/** Seconds of audio in a 16-bit mono WAV written by piper (44-byte header). */
function wavSeconds(file: string): number {
  const wav = readFileSync(file);
  const rate = wav.readUInt32LE(24);
  const dataBytes = wav.length - 44;
  return dataBytes / 2 / rate;
}

function piper(model: string, input: string, output: string): number {
  const started = performance.now();
  const res = spawnSync(
    PYTHON,
    ['-m', 'piper', '-m', model, '-c', `${model}.json`, '-i', input, '-f', output],
    {
      encoding: 'utf8',
    },
  );
  if (res.status !== 0) throw new Error(`piper exited ${res.status}: ${res.stderr}`);
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      chars: { type: 'string', default: '20000' },
      device: { type: 'string', default: 'cpu:0' },
      session: { type: 'string' },
      'ids-sentences': { type: 'string', default: '40' },
      turns: { type: 'string', default: '4' },
    },
  });
  const cond = conditions();
  const config = loadConfig();
  const speech = values.session
    ? {
        ...config.speech,
        sessionRules: [...config.speech.sessionRules, ...parseSessionRules(`*=${values.session}`)],
      }
    : config.speech;
  const device = values.device;
  const voiceName = config.speech.defaultVoice;
  const paragraphs = benchParagraphs(positionals[0] ?? DEFAULT_CORPUS, Number(values.chars));
  const chars = paragraphs.reduce((n, p) => n + p.length, 0);
  const dir = resolve(__dirname, '../out/bench/reference-runtime');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'hello.txt'), 'Hello.\n');
  const runtime = new SpeechRuntime(speech, device);
  const model = runtime.catalog.resolve(voiceName).modelPath;
  console.log(`voice ${voiceName}, ${chars} characters in ${paragraphs.length} paragraphs`);

  // Ours loads and warms up first, as the worker does before it joins the group.
  const loadStarted = performance.now();
  const synth = await runtime.synthesizer(voiceName);
  await synth.synthesize('Warming up the voice.');
  const oursLoad = (performance.now() - loadStarted) / 1000;
  const passSize = passMaxItems(device, config.worker.passMaxItems);
  const settings = runtime.settings;

  /** The worker's in-process path on some paragraphs: seconds, audio and voiced audio. */
  const ours = async (part: string[]) => {
    const started = performance.now();
    const doc = ingestDocument({ kind: 'text', text: part.join('\n\n') });
    const segments = segmentDocument(doc, { maxChars: config.pipeline.segmentMaxChars });
    let audioSeconds = 0;
    let voiced = 0;
    for (let i = 0; i < segments.length; i += config.worker.batchSize) {
      // One claim: every sentence of its segments, phonemized, through the pass planner.
      const claim = segments
        .slice(i, i + config.worker.batchSize)
        .map((seg) =>
          seg.sentences.map((span) =>
            speakable(() =>
              synth.prepare(doc.text.slice(span.charStart, span.charEnd), { heading: seg.heading }),
            ).map((p): Unit => ({ ids: p.ids })),
          ),
        );
      for (const pass of planPasses(claim.flat(2), (u) => u.ids.length, passSize, passLengthRatio(device))) {
        const waves = await synth.infer(pass.map((u) => u.ids));
        pass.forEach((u, k) => (u.wave = waves[k]!));
      }
      for (const sentences of claim) {
        const audio = assembleSegment(
          sentences.map((units) => units.map((u) => u.wave ?? new Float32Array(0))),
          synth.sampleRate,
        );
        encodeWav({ samples: audio.samples, sampleRate: synth.sampleRate });
        audioSeconds += audio.samples.length / synth.sampleRate;
        voiced += audio.sentences.reduce((n, t) => n + t.end - t.start, 0) / synth.sampleRate;
      }
    }
    return { seconds: (performance.now() - started) / 1000, audioSeconds, voiced, segments: segments.length };
  };

  /** piper-tts as a user runs it on some paragraphs (one per line): in all, start-up, audio. */
  const reference = (part: string[], k: number) => {
    const input = resolve(dir, `input-${k}.txt`);
    writeFileSync(input, `${part.join('\n')}\n`);
    const startup = piper(model, resolve(dir, 'hello.txt'), resolve(dir, 'hello.wav'));
    const total = piper(model, input, resolve(dir, `piper-${k}.wav`));
    return { total, startup, audioSeconds: wavSeconds(resolve(dir, `piper-${k}.wav`)) };
  };

  // Turns: the text in parts, each part through both, who goes first alternating, so load
  // from other work on the machine falls on both alike.
  const turns = Math.max(1, Number(values.turns));
  const parts = Array.from({ length: turns }, (_, k) =>
    paragraphs.filter((_, i) => Math.floor((i * turns) / paragraphs.length) === k),
  );
  let piperTotal = 0;
  let piperStartup = 0;
  let piperAudio = 0;
  let oursSeconds = 0;
  let oursAudio = 0;
  let oursVoiced = 0;
  let segmentCount = 0;
  const cpu = cpuSeconds();
  for (const [k, part] of parts.entries()) {
    const runPiper = () => {
      const r = reference(part, k);
      piperTotal += r.total;
      piperStartup += r.startup;
      piperAudio += r.audioSeconds;
    };
    const runOurs = async () => {
      const r = await ours(part);
      oursSeconds += r.seconds;
      oursAudio += r.audioSeconds;
      oursVoiced += r.voiced;
      segmentCount += r.segments;
    };
    if (k % 2 === 0) {
      runPiper();
      await runOurs();
    } else {
      await runOurs();
      runPiper();
    }
    console.log(
      `  turn ${k + 1}/${turns}: piper ${(piperAudio / (piperTotal - piperStartup)).toFixed(2)}, ours ${(oursVoiced / oursSeconds).toFixed(2)} s of audio per s so far`,
    );
  }
  // Our process's CPU time includes piper's waits, not its work: reported, not compared.
  const oursCpu = cpuSeconds() - cpu;
  console.log(
    `piper-tts: ${piperTotal.toFixed(1)} s in all, of which ${piperStartup.toFixed(1)} s start-up and voice load (${turns} runs)`,
  );

  const piperSynth = piperTotal - piperStartup;
  const rows = [
    ['piper-tts 1.8 CLI (synthesis: in all − start-up)', piperSynth, piperAudio, piperAudio],
    [`ours, worker path (${passSize} per pass)`, oursSeconds, oursAudio, oursVoiced],
  ] as const;
  console.log(
    `\n${table(
      ['runtime', 'wall s', 'audio s (with pauses)', 'voiced audio s', 'voiced audio s per wall s'],
      rows.map(([name, s, a, v]) => [name, s.toFixed(1), a.toFixed(1), v.toFixed(1), (v / s).toFixed(2)]),
    )}`,
  );
  const ratio = oursVoiced / oursSeconds / (piperAudio / piperSynth);
  // As one run each: our load and warm-up once, piper's start-up once (the mean of its turns).
  const ratioAll = oursVoiced / (oursSeconds + oursLoad) / (piperAudio / (piperSynth + piperStartup / turns));
  console.log(
    `\nours ÷ reference (voiced audio per second, synthesis only): ${ratio.toFixed(2)} (target 1.30); counting start-up and load on both sides: ${ratioAll.toFixed(2)}`,
  );

  // The same ids, one sentence per run: the inference runtimes alone. Python onnxruntime 1.32
  // (piper's) and 1.30 (tools/precision's virtualenv, the version onnxruntime-node runs) with
  // their defaults and with ours, and onnxruntime-node with both: version, binding or options.
  const sentences = sentencesOf(paragraphs).slice(0, Number(values['ids-sentences']));
  const ids = sentences.flatMap((s) => speakable(() => synth.prepare(s)).map((p) => p.ids));
  const files = runtime.catalog.resolve(voiceName);
  const zero = { noise: 0, noiseW: 0 };
  const tuned = { threads: settings.intraOpThreads, spinning: settings.spinning };
  const python = (venv: string, opts: { threads: number; spinning: boolean }) => () => {
    const res = spawnSync(resolve(__dirname, `../.stack/${venv}/bin/python`), [ORT_TIMING], {
      input: JSON.stringify({ model: files.modelPath, ids, ...opts }),
      encoding: 'utf8',
    });
    if (res.status !== 0) throw new Error(`${venv}: ${res.stderr}`);
    const out = JSON.parse(res.stdout) as { seconds: number; samples: number };
    samplesPerRound = out.samples;
    return Promise.resolve(out.seconds);
  };
  const node = (opts: { threads: number; spinning: boolean }) => async () => {
    const voice = await PiperVoice.load(files, {
      device,
      settings: { ...settings, intraOpThreads: opts.threads, spinning: opts.spinning },
    });
    await voice.infer([ids[0]!], zero);
    const t = performance.now();
    for (const x of ids) await voice.infer([x], zero);
    const seconds = (performance.now() - t) / 1000;
    await voice.release();
    return seconds;
  };
  let samplesPerRound = 0;
  const defaults = { threads: 0, spinning: true };
  const contenders: [string, () => Promise<number>][] = [
    ['Python onnxruntime 1.32 (piper-tts), defaults', python('venv-piper', defaults)],
    ['Python onnxruntime 1.30, defaults', python('venv-precision', defaults)],
    ['onnxruntime-node 1.30, defaults', node(defaults)],
    ['Python onnxruntime 1.32 (piper-tts), our settings', python('venv-piper', tuned)],
    ['onnxruntime-node 1.30, our settings', node(tuned)],
  ];
  const idsSeconds = contenders.map(() => 0);
  for (let round = 0; round < 2; round++) {
    const order = contenders.map((_, k) => k);
    if (round === 1) order.reverse();
    for (const k of order) idsSeconds[k]! += await contenders[k]![1]();
  }
  const idsRows = contenders.map(([label], k) => ({ runtime: label, seconds: idsSeconds[k]! }));
  const idsAudio = (2 * samplesPerRound) / synth.sampleRate;
  console.log(
    `\nthe same ids (${ids.length} sentences, twice, ${idsAudio.toFixed(1)} s of audio, noise 0), one sentence per run; our settings: ${JSON.stringify(tuned)}`,
  );
  console.log(
    table(
      ['runtime', 'inference s', 'audio s per s'],
      idsRows.map((r) => [r.runtime, r.seconds.toFixed(2), (idsAudio / r.seconds).toFixed(2)]),
    ),
  );
  await runtime.close();

  const file = writeReport('reference-runtime', cond, {
    voice: voiceName,
    device,
    text: { chars, paragraphs: paragraphs.length },
    turns,
    piper: {
      command: `${PYTHON} -m piper -m ${model} -c ${model}.json -i input-N.txt -f piper-N.wav`,
      totalSeconds: piperTotal,
      startupSeconds: piperStartup,
      synthesisSeconds: piperSynth,
      audioSeconds: piperAudio,
    },
    ours: {
      settings,
      passSize,
      claimSize: config.worker.batchSize,
      segments: segmentCount,
      loadSeconds: oursLoad,
      seconds: oursSeconds,
      cpuSeconds: oursCpu,
      audioSeconds: oursAudio,
      voicedSeconds: oursVoiced,
    },
    ratio,
    ratioCountingLoad: ratioAll,
    sameIds: { sentences: ids.length, audioSeconds: idsAudio, rows: idsRows },
  });
  console.log(`wrote ${file}`);
}

void main();
