/**
 * Batching on one device: the same sentences of the corpus synthesized with batch sizes 1, 2,
 * 4, 8 and 16 (one padded forward pass per batch, each item cut to its own length), in one
 * run. Prints seconds of audio per second of compute and the ratio against batch size 1.
 *
 *   npx tsx bench/batching.ts [corpus.txt] [--sentences 64] [--threads 0] [--sizes 1,2,4,8,16] [--device cpu:0]
 *
 * On a GPU host (the CUDA worker image, or ONNXRUNTIME_NODE_INSTALL=cuda12): `--device cuda:0`.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '@chorus/config';
import { SpeechRuntime } from '@chorus/speech';
import { corpusParagraphs, DEFAULT_CORPUS } from './corpus';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      sentences: { type: 'string', default: '64' },
      threads: { type: 'string', default: '0' },
      sizes: { type: 'string', default: '1,2,4,8,16' },
      device: { type: 'string', default: 'cpu:0' },
    },
  });
  const config = loadConfig();
  const runtime = new SpeechRuntime(
    { ...config.speech, intraOpThreads: Number(values.threads) },
    values.device,
  );
  const synth = await runtime.synthesizer();
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const sentences = corpusParagraphs(positionals[0] ?? DEFAULT_CORPUS)
    .slice(20)
    .flatMap((p) => [...segmenter.segment(p)].map((s) => s.segment.trim()))
    .filter((s) => s.length > 20 && s.length < 300)
    .slice(0, Number(values.sentences));
  const ids = sentences.flatMap((s) => synth.prepare(s).map((p) => p.ids));
  const rate = synth.sampleRate;
  await synth.infer([ids[0]!], { noiseScale: 0, noiseW: 0 }); // warm-up

  console.log(
    `voice ${config.speech.defaultVoice} on ${values.device}, ${ids.length} sentences, intra-op threads ${values.threads === '0' ? 'auto' : values.threads}`,
  );
  console.log('batch  compute s  audio s  audio s per compute s  vs batch 1');
  let base = 0;
  for (const size of values.sizes.split(',').map(Number)) {
    // Sorting by length keeps padding small, as the worker's batches of similar segments do.
    const order = [...ids].sort((a, b) => a.length - b.length);
    let samples = 0;
    const started = performance.now();
    for (let i = 0; i < order.length; i += size) {
      const waves = await synth.infer(order.slice(i, i + size), { noiseScale: 0, noiseW: 0 });
      samples += waves.reduce((n, w) => n + w.length, 0);
    }
    const compute = (performance.now() - started) / 1000;
    const throughput = samples / rate / compute;
    if (base === 0) base = throughput;
    console.log(
      `${String(size).padStart(5)}  ${compute.toFixed(2).padStart(9)}  ${(samples / rate).toFixed(1).padStart(7)}  ${throughput.toFixed(2).padStart(21)}  ${(throughput / base).toFixed(2).padStart(10)}`,
    );
  }
  await runtime.close();
}

void main();
