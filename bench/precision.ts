/**
 * Precision: the voice as provisioned (float32) against its variants (int8: dynamic
 * quantization; fp16: float16 weights and activations, meant for GPUs), on the same sentences
 * of the fixed text, one sentence per pass, noise 0 so every difference is the precision's.
 *
 * Speed: audio seconds per wall second, the precisions taking turns every --block sentences.
 * Fidelity against float32, per sentence: waveform correlation (over the shorter length),
 * length difference. A variant that gives one phoneme one frame more or less shifts the rest
 * of its sentence by 256 samples, which drags plain correlation down although a listener hears
 * the same thing, so correlation is also given for the sentences whose lengths agree.
 * Also checks batch trimming on each variant: a padded pass of several sentences must give
 * each one exactly its own length (the w_ceil output survives conversion).
 *
 *   npx tsx bench/precision.ts [corpus.txt] [--chars 4000] [--device cpu:0]
 *     [--precisions fp32,int8,fp16] [--session "threads:2"] [--block 8]
 *     [--models label=path.onnx,...]   (extra model files to compare, e.g. other quantizations)
 */
import { parseArgs } from 'node:util';
import { defaultSessionSettings, loadConfig, parseSessionRules, type Precision } from '@chorus/config';
import { correlation, PiperVoice, SpeechRuntime, type VoiceFiles } from '@chorus/speech';
import { conditions, table, writeReport } from './bench-report';
import { benchParagraphs, DEFAULT_CORPUS, sentencesOf } from './corpus';
import { chunk, takeTurns, ZERO } from './turns';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? NaN;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      chars: { type: 'string', default: '4000' },
      device: { type: 'string', default: 'cpu:0' },
      precisions: { type: 'string', default: 'fp32,int8,fp16' },
      session: { type: 'string', default: '' },
      block: { type: 'string', default: '8' },
      models: { type: 'string', default: '' },
    },
  });
  const cond = conditions();
  const config = loadConfig();
  const device = values.device;
  const runtime = new SpeechRuntime(config.speech, device);
  const voiceName = config.speech.defaultVoice;
  const settings = {
    ...runtime.settings,
    ...(values.session ? parseSessionRules(`*=${values.session}`)[0]?.options : {}),
  };
  const paragraphs = benchParagraphs(positionals[0] ?? DEFAULT_CORPUS, Number(values.chars));
  const text = runtime.text();
  const ids = sentencesOf(paragraphs).flatMap((s) => text.prepare(s).map((p) => p.ids));

  // fp32 first: the reference every other precision is compared with.
  const candidates: { label: string; files: VoiceFiles }[] = values.precisions
    .split(',')
    .filter(Boolean)
    .map((p) => ({ label: p, files: runtime.catalog.resolve(voiceName, p as Precision) }));
  for (const m of values.models.split(',').filter(Boolean)) {
    const [label = m, path = m] = m.split('=');
    candidates.push({
      label,
      files: { ...runtime.catalog.resolve(voiceName), modelPath: path, sha256: undefined },
    });
  }
  if (candidates[0]?.label !== 'fp32') throw new Error('--precisions must start with fp32 (the reference)');
  const voices: PiperVoice[] = [];
  for (const c of candidates) {
    const voice = await PiperVoice.load(c.files, {
      device,
      settings: { ...defaultSessionSettings(), ...settings },
    });
    await voice.infer([ids[0]!], ZERO);
    voices.push(voice);
  }
  console.log(
    `voice ${voiceName} on ${device}, ${ids.length} sentences, settings ${JSON.stringify({ ...settings, precision: undefined })}`,
  );

  const waves: Float32Array[][] = candidates.map(() => []);
  const turns = await takeTurns(
    voices.map((voice) => ({ voice, plan: (b: number[]) => b.map((i) => [i]) })),
    ids,
    chunk(
      ids.map((_, i) => i),
      Math.max(1, Number(values.block)),
    ),
    candidates.map((c) => c.label),
    (k, i, w) => (waves[k]![i] = w),
  );
  const seconds = turns.map((t) => t.total.seconds);

  // Batch trimming on each model: a pass of 4 must give each sentence its own length.
  const probe = ids.slice(0, 4);
  const trims = await Promise.all(
    voices.map(async (v, k) => {
      const batched = await v.infer(probe, ZERO);
      return batched.every((w, i) => w.length === waves[k]![i]!.length);
    }),
  );
  for (const v of voices) await v.release();

  const rate = voices[0]!.config.sampleRate;
  const rows = candidates.map((c, k) => {
    const audio = waves[k]!.reduce((n, w) => n + w.length, 0) / rate;
    const corr = waves[k]!.map((w, i) => correlation(w, waves[0]![i]!));
    const same = waves[k]!.map((w, i) => w.length === waves[0]![i]!.length);
    const corrSame = corr.filter((_, i) => same[i]);
    const lengthDiff = waves[k]!.map((w, i) => Math.abs(w.length - waves[0]![i]!.length) / rate);
    return {
      model: c.label,
      file: c.files.modelPath,
      seconds: seconds[k]!,
      audioSeconds: audio,
      audioPerSecond: audio / seconds[k]!,
      speedVsFp32: audio / seconds[k]! / (waves[0]!.reduce((n, w) => n + w.length, 0) / rate / seconds[0]!),
      correlationMedian: quantile(corr, 0.5),
      correlationMin: Math.min(...corr),
      sameLengthShare: same.filter(Boolean).length / same.length,
      correlationSameLengthMin: corrSame.length ? Math.min(...corrSame) : NaN,
      totalDurationDiffSeconds: audio - waves[0]!.reduce((n, w) => n + w.length, 0) / rate,
      maxSentenceDurationDiffSeconds: Math.max(...lengthDiff),
      batchTrimExact: trims[k]!,
    };
  });
  console.log(
    table(
      [
        'model',
        'audio s per s',
        'vs fp32',
        'corr median',
        'corr min',
        'same length',
        'corr min (same length)',
        'duration diff s',
        'batch trim exact',
      ],
      rows.map((r) => [
        r.model,
        r.audioPerSecond.toFixed(2),
        r.speedVsFp32.toFixed(2),
        r.correlationMedian.toFixed(4),
        r.correlationMin.toFixed(4),
        `${(100 * r.sameLengthShare).toFixed(0)} %`,
        r.correlationSameLengthMin.toFixed(4),
        r.totalDurationDiffSeconds.toFixed(2),
        r.batchTrimExact ? 'yes' : 'NO',
      ]),
    ),
  );
  const file = writeReport('precision', cond, {
    voice: voiceName,
    device,
    settings,
    sentences: ids.length,
    rows,
  });
  console.log(`wrote ${file}`);
  await runtime.close();
}

void main();
