import {
  defaultSessionSettings,
  sessionSettingsFor,
  type SessionSettings,
  type SpeechConfig,
} from '@chorus/config';
import { EspeakPhonemizer } from './espeak-phonemizer';
import { PiperVoice } from './piper-voice';
import { normalizerFor } from './normalize';
import { SpeechSynthesizer } from './speech-synthesizer';
import { SpeechText } from './speech-text';
import { VoiceCatalog } from './voice-catalog';

/**
 * The speech runtime of one process: the voice catalog, espeak-ng, and one long-lived
 * session per voice, loaded on first use and kept.
 */
export class SpeechRuntime {
  readonly catalog: VoiceCatalog;
  private readonly voices = new Map<string, Promise<PiperVoice>>();
  private readonly texts = new Map<string, SpeechText>();
  /** This device's session settings: the defaults with CHORUS_SESSION_OPTIONS applied. */
  readonly settings: SessionSettings;

  constructor(
    private readonly config: SpeechConfig,
    /** The compute device this runtime's sessions run on (`cpu:0`, `cuda:1`, ...). */
    readonly device = 'cpu:0',
  ) {
    this.catalog = new VoiceCatalog(config.voicesDir);
    this.settings = sessionSettingsFor(
      device,
      config.sessionRules,
      defaultSessionSettings(config.intraOpThreads),
    );
  }

  get phonemizer(): EspeakPhonemizer {
    return EspeakPhonemizer.load({ library: this.config.espeakLibrary, dataDir: this.config.espeakData });
  }

  voice(name = this.config.defaultVoice): Promise<PiperVoice> {
    let voice = this.voices.get(name);
    if (!voice) {
      // A missing voice or variant rejects like a bad model file does.
      voice = Promise.resolve().then(() =>
        PiperVoice.load(this.catalog.resolve(name, this.settings.precision), {
          device: this.device,
          settings: this.settings,
        }),
      );
      voice.catch(() => this.voices.delete(name));
      this.voices.set(name, voice);
    }
    return voice;
  }

  /** The text side of a voice (normalization, lexicon, phonemes); loads no model. */
  text(name = this.config.defaultVoice): SpeechText {
    let text = this.texts.get(name);
    if (!text) {
      const config = this.catalog.config(name);
      text = new SpeechText(
        this.phonemizer,
        config,
        normalizerFor(config.language),
        this.catalog.lexicon(name),
      );
      this.texts.set(name, text);
    }
    return text;
  }

  async synthesizer(name = this.config.defaultVoice): Promise<SpeechSynthesizer> {
    const voice = await this.voice(name);
    return new SpeechSynthesizer(this.text(name), voice);
  }

  async close(): Promise<void> {
    const loaded = await Promise.allSettled(this.voices.values());
    this.voices.clear();
    for (const v of loaded) if (v.status === 'fulfilled') await v.value.release();
  }
}
