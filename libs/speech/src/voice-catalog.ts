import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { Lexicon, type LexiconEntry } from './lexicon';
import { readChecksums } from './voice-checksums';
import { parseVoiceConfig, type VoiceConfig } from './voice-config';

export interface VoiceFiles {
  name: string;
  modelPath: string;
  configPath: string;
  /** Pinned checksum of the model, from the directory's SHA256SUMS when present. */
  sha256: string | undefined;
}

export interface VoiceInfo {
  name: string;
  language: string;
  sampleRate: number;
  quality: string | undefined;
}

/**
 * A directory of Piper voices: every `<name>.onnx` with its `<name>.onnx.json` is a voice.
 * Anything a user drops in appears here.
 */
export class VoiceCatalog {
  constructor(private readonly dir: string) {}

  names(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.onnx') && existsSync(join(this.dir, `${f}.json`)))
      .map((f) => f.slice(0, -'.onnx'.length))
      .sort();
  }

  resolve(name: string): VoiceFiles {
    if (!/^[\w.-]+$/.test(name) || !this.names().includes(name)) {
      throw new DomainError(ERROR_CODES.VOICE_NOT_FOUND, `unknown voice "${name}"`, {
        voice: name,
        available: this.names(),
      });
    }
    const modelPath = join(this.dir, `${name}.onnx`);
    return {
      name,
      modelPath,
      configPath: `${modelPath}.json`,
      sha256: readChecksums(this.dir).get(`${name}.onnx`),
    };
  }

  describe(name: string): VoiceInfo {
    const c = this.config(name);
    return { name, language: c.language, sampleRate: c.sampleRate, quality: c.quality };
  }

  config(name: string): VoiceConfig {
    const { configPath } = this.resolve(name);
    return parseVoiceConfig(readFileSync(configPath, 'utf8'), configPath);
  }

  /** The voice's default pronunciations, from `<name>.lexicon.json` beside it (optional). */
  lexicon(name: string): Lexicon {
    const file = join(this.dir, `${this.resolve(name).name}.lexicon.json`);
    if (!existsSync(file)) return Lexicon.empty;
    let parsed: { entries?: LexiconEntry[] };
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as { entries?: LexiconEntry[] };
    } catch (err) {
      throw new DomainError(
        ERROR_CODES.VOICE_INVALID,
        `${file} is not valid JSON: ${(err as Error).message}`,
      );
    }
    return Lexicon.from(parsed.entries ?? []);
  }
}
