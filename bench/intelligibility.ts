/**
 * Intelligibility, measured: each sentence is synthesized with and without normalization,
 * transcribed by an offline Whisper recognizer (tools/asr, `npm run stack -- up asr`), and
 * scored by word error rate against the normalized text (what a listener should hear).
 *
 *   npx tsx bench/intelligibility.ts [sentences.txt] [--model base|tiny.en] [--out out/intelligibility]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@chorus/config';
import { encodeWav, normalizerFor, SpeechRuntime, SpeechSynthesizer, SpeechText } from '@chorus/speech';

interface Transcript {
  path: string;
  text: string;
  wer: number;
  wer_plain: number;
  errors: number;
  ref_words: number;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      model: { type: 'string', default: 'base' },
      out: { type: 'string', default: 'out/intelligibility' },
    },
  });
  const sentences = readFileSync(positionals[0] ?? resolve(__dirname, 'fixtures/intelligibility.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const config = loadConfig();
  const runtime = new SpeechRuntime(config.speech);
  const voiceName = config.speech.defaultVoice;
  const voice = await runtime.voice(voiceName);
  const voiceConfig = runtime.catalog.config(voiceName);
  const after = await runtime.synthesizer(voiceName);
  const before = new SpeechSynthesizer(new SpeechText(runtime.phonemizer, voiceConfig), voice);
  const english = normalizerFor(voiceConfig.language);
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });

  const jobs: { path: string; ref: string }[] = [];
  const rows: { sentence: string; reference: string }[] = [];
  for (const [i, sentence] of sentences.entries()) {
    const reference = english.normalize(sentence);
    rows.push({ sentence, reference });
    for (const [label, synth] of [
      ['before', before],
      ['after', after],
    ] as const) {
      const { audio } = await synth.synthesize(sentence, { noiseScale: 0, noiseW: 0 });
      const path = join(outDir, `${String(i).padStart(2, '0')}-${label}.wav`);
      writeFileSync(path, encodeWav(audio));
      jobs.push({ path, ref: reference });
    }
  }
  await runtime.close();

  const python = resolve(__dirname, '../.stack/venv-asr/bin/python');
  const asr = spawnSync(python, [resolve(__dirname, '../tools/asr/transcribe.py'), '--model', values.model], {
    input: JSON.stringify(jobs),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (asr.status !== 0)
    throw new Error(`transcription failed (run \`npm run stack -- up asr\` first): ${asr.stderr}`);
  const results = (JSON.parse(asr.stdout) as { results: Transcript[] }).results;
  const byPath = new Map(results.map((r) => [r.path, r]));

  const totals = { before: { errors: 0, words: 0, plain: 0 }, after: { errors: 0, words: 0, plain: 0 } };
  console.log(`voice ${voiceName}, recognizer whisper ${values.model}, ${sentences.length} sentences\n`);
  rows.forEach((row, i) => {
    const b = byPath.get(jobs[2 * i]!.path)!;
    const a = byPath.get(jobs[2 * i + 1]!.path)!;
    for (const [key, r] of [
      ['before', b],
      ['after', a],
    ] as const) {
      totals[key].errors += r.errors;
      totals[key].words += r.ref_words;
      totals[key].plain += r.wer_plain * r.ref_words;
    }
    console.log(
      `text:      ${row.sentence}\nspoken:    ${row.reference}\nbefore:    ${b.text}  (WER ${(100 * b.wer).toFixed(1)}%)\nafter:     ${a.text}  (WER ${(100 * a.wer).toFixed(1)}%)\n`,
    );
  });
  const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
  console.log(`WER against the normalized text (Whisper's English normalizer on both sides):`);
  console.log(`  before normalization: ${pct(totals.before.errors, totals.before.words)}`);
  console.log(`  after normalization:  ${pct(totals.after.errors, totals.after.words)}`);
  console.log(`WER, plain (lower case, no punctuation):`);
  console.log(
    `  before: ${pct(totals.before.plain, totals.before.words)}   after: ${pct(totals.after.plain, totals.after.words)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
