import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@chorus/config';
import { exitCodeFor } from './cli-exit';
import { durationSeconds, encodeWav, SpeechRuntime } from '@chorus/speech';

/** Synthesizes one text to a WAV file with the speech runtime alone (no services needed). */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o', default: 'out/say.wav' },
      voice: { type: 'string', short: 'v' },
      speed: { type: 'string', short: 's', default: '1' },
      phonemes: { type: 'boolean', default: false },
    },
  });
  const text = positionals.join(' ');
  const runtime = new SpeechRuntime(loadConfig().speech);
  try {
    const synth = await runtime.synthesizer(values.voice);
    const started = performance.now();
    const { audio, sentences } = await synth.synthesize(text, { lengthScale: Number(values.speed) });
    const seconds = (performance.now() - started) / 1000;
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, encodeWav(audio));
    if (values.phonemes) for (const s of sentences) console.log(s.phonemes);
    const dur = durationSeconds(audio);
    console.log(
      `${values.out}: ${dur.toFixed(2)} s of audio at ${audio.sampleRate} Hz in ${seconds.toFixed(2)} s (real-time factor ${(seconds / dur).toFixed(3)})`,
    );
    return 0;
  } catch (err) {
    return exitCodeFor(err);
  } finally {
    await runtime.close();
  }
}

void main().then((code) => process.exit(code));
