import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Precision } from '@chorus/config';
import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { Lexicon, type LexiconEntry } from './lexicon';
import { readChecksums } from './voice-checksums';
import { parseVoiceConfig, type VoiceConfig } from './voice-config';

export interface VoiceFiles {
  name: string;
  /** The weights: the voice as provisioned (fp32) or a variant made from it. */
  precision?: Precision;
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

/** `<name>.int8.onnx`, `<name>.fp16.onnx`: variants of a voice, not voices. */
const VARIANT = /\.(int8|fp16)$/;

/**
 * A directory of Piper voices: every `<name>.onnx` with its `<name>.onnx.json` is a voice.
 * Anything a user drops in appears here. Reduced-precision variants made at provisioning
 * (`<name>.int8.onnx`, `<name>.fp16.onnx`) sit beside their voice and share its config.
 */
export class VoiceCatalog {
  constructor(private readonly dir: string) {}

  names(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.onnx') && existsSync(join(this.dir, `${f}.json`)))
      .map((f) => f.slice(0, -'.onnx'.length))
      .filter((name) => !VARIANT.test(name))
      .sort();
  }

  /** The voice's files, with the model of the precision asked for. */
  resolve(name: string, precision: Precision = 'fp32'): VoiceFiles {
    if (!/^[\w.-]+$/.test(name) || !this.names().includes(name)) {
      throw new DomainError(ERROR_CODES.VOICE_NOT_FOUND, `unknown voice "${name}"`, {
        voice: name,
        available: this.names(),
      });
    }
    const configPath = join(this.dir, `${name}.onnx.json`);
    const model = precision === 'fp32' ? `${name}.onnx` : `${name}.${precision}.onnx`;
    const modelPath = join(this.dir, model);
    if (!existsSync(modelPath)) {
      throw new DomainError(
        ERROR_CODES.VOICE_NOT_FOUND,
        `voice "${name}" has no ${precision} variant (${modelPath} is missing): make it with \`npm run stack -- up voices\` or set the device's precision to fp32 in CHORUS_SESSION_OPTIONS`,
        { voice: name, precision },
      );
    }
    return { name, precision, modelPath, configPath, sha256: readChecksums(this.dir).get(model) };
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
