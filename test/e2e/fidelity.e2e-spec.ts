import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correlation, SpeechRuntime, type PiperVoice, type SpeechSynthesizer } from '@chorus/speech';
import { runPiperReference } from '../../tools/reference/piper-reference';
import { config, fixture, VOICE } from '../support/stack';

/**
 * Our runtime against piper-tts, the reference Piper runtime: the same text, the same voice,
 * noise scales at 0 so both are deterministic.
 */
describe('fidelity against the reference runtime (piper-tts)', () => {
  const runtime = new SpeechRuntime(config.speech);
  let synth: SpeechSynthesizer;
  let voice: PiperVoice;
  const deterministic = { noise: 0, noiseW: 0 };

  beforeAll(async () => {
    synth = await runtime.synthesizer(VOICE);
    voice = await runtime.voice(VOICE);
  });
  afterAll(() => runtime.close());

  const files = () => ({
    model: `${config.speech.voicesDir}/${VOICE}.onnx`,
    config: `${config.speech.voicesDir}/${VOICE}.onnx.json`,
  });

  it('phonemizes the sample paragraph exactly as piper does, and the waveforms correlate ≥ 0.99', async () => {
    const text = fixture('paragraph.txt');
    const ours = synth.prepare(text);
    const ref = await runPiperReference({ ...files(), text, noise_scale: 0, noise_w: 0 });
    console.log(ref.sentences.map((s, i) => `piper: ${s.phonemes}\nours:  ${ours[i]?.phonemes}`).join('\n'));
    expect(ours.map((s) => s.phonemes)).toEqual(ref.sentences.map((s) => s.phonemes));
    expect(ours.map((s) => s.ids)).toEqual(ref.sentences.map((s) => s.ids));
    const audio = await voice.infer(
      ours.map((s) => s.ids),
      deterministic,
    );
    for (const [i, s] of ref.sentences.entries()) {
      const r = correlation(audio[i]!, s.audio);
      console.log(
        `sentence ${i}: correlation ${r.toFixed(6)}, samples ours ${audio[i]!.length} piper ${s.audio.length}`,
      );
      expect(audio[i]!.length).toBe(s.audio.length);
      expect(r).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('on text where the espeak-ng builds differ, the same ids still give the same waveform', async () => {
    // Debian's espeak-ng 1.51 omits the ʲ glide that piper's bundled 1.52 build inserts ("many of").
    const text = 'There were many of them, more or less.';
    const ref = await runPiperReference({ ...files(), text, noise_scale: 0, noise_w: 0 });
    const ours = synth.prepare(text);
    console.log(`piper: ${ref.sentences[0]?.phonemes}\nours:  ${ours[0]?.phonemes}`);
    const [audio] = await voice.infer(
      ref.sentences.map((s) => s.ids),
      deterministic,
    );
    expect(correlation(audio!, ref.sentences[0]!.audio)).toBeGreaterThanOrEqual(0.99);
  });
});
