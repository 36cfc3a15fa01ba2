import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
// Only the checksum helper: the stack must not load the speech runtime (onnxruntime, espeak).
import { sha256File } from '@chorus/speech/checksum';
import { ensureHashedVenv } from '../hashed-venv';
import { must } from '../proc';
import { StackError } from '../stack-error';
import type { StackContext } from '../stack-context';

const NAME = 'voices';

/**
 * The reduced-precision variants made of every voice, beside it. int8 quantizes only MatMul:
 * Conv, where nearly all the work is, comes out of dynamic quantization as ConvInteger,
 * which destroyed the audio (correlation ~0) and ran 10x slower (docs/benchmarks.md).
 */
export const VARIANTS = [
  { precision: 'int8', args: ['--int8-ops', 'MatMul'] },
  { precision: 'fp16', args: [] },
] as const;

/**
 * Makes `NAME.int8.onnx` and `NAME.fp16.onnx` with tools/precision/convert_voice.py in a
 * virtualenv pinned with hashes, and gives their SHA256SUMS lines (the runtime verifies a
 * variant against them like the voice itself). A variant whose file still matches its
 * recorded checksum is kept.
 */
export class VoiceVariants {
  private readonly venv: string;
  private readonly requirements: string;

  constructor(
    private readonly ctx: StackContext,
    private readonly target: string,
  ) {
    this.venv = ctx.dir('venv-precision');
    this.requirements = ctx.asset('../precision/requirements.txt');
  }

  /** SHA256SUMS lines of every variant of these voices, making the ones missing. */
  async provision(voices: string[], recorded: Map<string, string>): Promise<string[]> {
    const lines: string[] = [];
    for (const voice of voices) {
      for (const variant of VARIANTS) {
        const file = `${voice}.${variant.precision}.onnx`;
        const path = resolve(this.target, file);
        let sha = existsSync(path) ? await sha256File(path) : undefined;
        if (!sha || sha !== recorded.get(file)) sha = await this.make(voice, variant, path);
        lines.push(`${sha}  ${file}`);
      }
    }
    return lines;
  }

  missing(voices: string[]): string[] {
    return voices.flatMap((v) =>
      VARIANTS.map((x) => `${v}.${x.precision}.onnx`).filter((f) => !existsSync(resolve(this.target, f))),
    );
  }

  private async make(voice: string, variant: (typeof VARIANTS)[number], path: string): Promise<string> {
    await ensureHashedVenv(NAME, this.venv, this.requirements);
    const out = await must(NAME, `make ${voice} ${variant.precision}`, `${this.venv}/bin/python`, [
      this.ctx.asset('../precision/convert_voice.py'),
      resolve(this.target, `${voice}.onnx`),
      variant.precision,
      path,
      ...variant.args,
    ]);
    const made = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { sha256?: string; ceil?: string[] };
    if (!made.sha256 || made.ceil?.length !== 1) {
      throw new StackError(
        NAME,
        `make ${voice} ${variant.precision}`,
        `the converted model has ${made.ceil?.length ?? 0} Ceil nodes; the runtime needs exactly one to trim batches`,
        'check tools/precision/convert_voice.py against this voice',
      );
    }
    return made.sha256;
  }
}
