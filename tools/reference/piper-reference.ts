import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ReferenceRequest {
  model: string;
  config: string;
  text?: string;
  /** Synthesize these ids as given instead of phonemizing `text`. */
  ids?: number[][];
  length_scale?: number;
  noise_scale?: number;
  noise_w?: number;
}

export interface ReferenceSentence {
  phonemes: string | null;
  ids: number[];
  audio: Float32Array;
}

export interface ReferenceResult {
  sentences: ReferenceSentence[];
  inferSeconds: number;
}

const PYTHON = resolve(__dirname, '../../.stack/venv-piper/bin/python');
const SCRIPT = resolve(__dirname, 'piper_reference.py');

/** Runs piper-tts (the reference runtime, provisioned by the stack) on one request. */
export async function runPiperReference(req: ReferenceRequest): Promise<ReferenceResult> {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-ref-'));
  const audioFile = join(dir, 'audio.f32');
  try {
    const stdout = await new Promise<string>((ok, fail) => {
      const child = spawn(PYTHON, [SCRIPT, audioFile], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', fail);
      child.on('close', (code) =>
        code === 0 ? ok(out) : fail(new Error(`piper reference exited ${code}: ${err}`)),
      );
      child.stdin.end(JSON.stringify(req));
    });
    const parsed = JSON.parse(stdout) as {
      inferSeconds: number;
      sentences: { phonemes: string | null; ids: number[]; samples: number }[];
    };
    const raw = readFileSync(audioFile);
    const all = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    let offset = 0;
    const sentences = parsed.sentences.map((s) => {
      const audio = all.slice(offset, offset + s.samples);
      offset += s.samples;
      return { phonemes: s.phonemes, ids: s.ids, audio };
    });
    return { sentences, inferSeconds: parsed.inferSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
