/**
 * Our speech runtime against the reference runtime (piper-tts), on the same paragraphs of the
 * corpus, the same voice, noise scales at 0 (deterministic). Prints, per paragraph: whether
 * the phonemes agree, the waveform correlation when both runtimes get the same ids, the
 * end-to-end correlation where phonemes agree, and inference time ours vs piper's.
 *
 *   npx tsx bench/fidelity.ts [corpus.txt] [--paragraphs 20] [--skip 10]
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '@chorus/config';
import { correlation, SpeechRuntime } from '@chorus/speech';
import { runPiperReference } from '../tools/reference/piper-reference';
import { corpusParagraphs, DEFAULT_CORPUS } from './corpus';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { paragraphs: { type: 'string', default: '20' }, skip: { type: 'string', default: '10' } },
  });
  const config = loadConfig();
  const voiceName = config.speech.defaultVoice;
  const files = {
    model: `${config.speech.voicesDir}/${voiceName}.onnx`,
    config: `${config.speech.voicesDir}/${voiceName}.onnx.json`,
  };
  const paragraphs = corpusParagraphs(positionals[0] ?? DEFAULT_CORPUS)
    .filter((p) => p.length > 80)
    .slice(Number(values.skip), Number(values.skip) + Number(values.paragraphs));
  const runtime = new SpeechRuntime(config.speech);
  const synth = await runtime.synthesizer(voiceName);
  const voice = await runtime.voice(voiceName);
  const zero = { noise: 0, noiseW: 0 };
  await voice.infer([synth.prepare('Warm up.')[0]!.ids], zero);

  let sentencesSame = 0;
  let sentencesAll = 0;
  let oursSeconds = 0;
  let piperSeconds = 0;
  const minCorr: number[] = [];
  const diffs: string[] = [];
  console.log('para  chars  sentences-identical  min-corr(same ids)  min-corr(end-to-end, identical only)');
  for (const [n, text] of paragraphs.entries()) {
    const ref = await runPiperReference({ ...files, text, noise_scale: 0, noise_w: 0 });
    const ours = synth.prepare(text);
    const started = performance.now();
    const sameIds: Float32Array[] = [];
    for (const s of ref.sentences) sameIds.push(...(await voice.infer([s.ids], zero)));
    oursSeconds += (performance.now() - started) / 1000;
    piperSeconds += ref.inferSeconds;
    const corrSame = Math.min(...ref.sentences.map((s, i) => correlation(sameIds[i]!, s.audio)));
    let identical = 0;
    let corrE2e = 1;
    for (const [i, s] of ref.sentences.entries()) {
      if (ours[i]?.phonemes === s.phonemes) {
        identical++;
        corrE2e = Math.min(corrE2e, correlation(sameIds[i]!, s.audio));
      } else if (diffs.length < 6) {
        diffs.push(`piper: ${s.phonemes}\nours:  ${ours[i]?.phonemes ?? '(none)'}`);
      }
    }
    sentencesSame += identical;
    sentencesAll += ref.sentences.length;
    minCorr.push(corrSame);
    const row = `${String(n).padStart(4)}  ${String(text.length).padStart(5)}  ${`${identical}/${ref.sentences.length}`.padStart(19)}`;
    console.log(`${row}  ${corrSame.toFixed(6).padStart(18)}  ${identical ? corrE2e.toFixed(6) : '-'}`);
  }
  await runtime.close();
  console.log(`\nvoice ${voiceName}, ${paragraphs.length} paragraphs, ${sentencesAll} sentences`);
  console.log(
    `sentences with identical phonemes: ${sentencesSame}/${sentencesAll} (${((100 * sentencesSame) / sentencesAll).toFixed(1)}%)`,
  );
  console.log(`lowest correlation with the same ids: ${Math.min(...minCorr).toFixed(6)}`);
  console.log(
    `inference, one sentence per run: ours ${oursSeconds.toFixed(2)} s, piper-tts ${piperSeconds.toFixed(2)} s, ratio ours/piper ${(oursSeconds / piperSeconds).toFixed(3)}`,
  );
  console.log('\nfirst phoneme differences:\n' + diffs.join('\n\n'));
}

void main();
