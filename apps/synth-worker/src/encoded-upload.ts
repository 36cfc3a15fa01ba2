import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Transform, type TransformCallback, type Writable } from 'node:stream';
import { AUDIO_CONTENT_TYPES, type AudioFormat } from '@chorus/contracts';
import { WAV_HEADER_BYTES, wavHeader } from '@chorus/speech';
import type { ObjectStorage } from '@chorus/storage';

export interface EncodedOutput {
  bytes: number;
  sha256: string;
}

/** Where stitched 16-bit mono PCM goes: written in order, ended once. */
export interface AudioSink {
  write(pcm: Buffer): Promise<void>;
  end(): Promise<EncodedOutput>;
  /** Gives up: the encoder is killed and the upload never completes (so no object appears). */
  abort(err: Error): void;
}

export interface OutputSpec {
  format: AudioFormat;
  inputRate: number;
  outputRate: number;
  /** Samples that will be written, at the input rate. */
  samples: number;
}

/** Debian's ffmpeg, found on PATH (the local stack installs it). */
export const FFMPEG = 'ffmpeg';

/** ffmpeg's arguments: raw PCM in on stdin, soxr resampling, the encoded stream out on stdout. */
export function ffmpegArgs(spec: OutputSpec): string[] {
  const input = ['-f', 's16le', '-ar', String(spec.inputRate), '-ac', '1', '-i', 'pipe:0'];
  const resample =
    spec.outputRate === spec.inputRate
      ? []
      : ['-af', 'aresample=resampler=soxr:precision=28', '-ar', String(spec.outputRate)];
  const codec: Record<AudioFormat, string[]> = {
    wav: ['-c:a', 'pcm_s16le', '-f', 's16le'],
    mp3: ['-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'],
    ogg: ['-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg'],
  };
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    ...input,
    ...resample,
    ...codec[spec.format],
    'pipe:1',
  ];
}

/** Samples after resampling: what the WAV header promises and the PCM is padded or cut to. */
export function resampledLength(samples: number, inputRate: number, outputRate: number): number {
  return Math.round((samples * outputRate) / inputRate);
}

/**
 * Streams audio into storage under `key` in the job's format: WAV at the voice's rate is
 * written straight (header + PCM, size known up front); anything else goes through one
 * ffmpeg process on pipes, so a long book never sits in memory. The object is visible only
 * once the upload completes.
 */
export function openEncodedUpload(storage: ObjectStorage, key: string, spec: OutputSpec): AudioSink {
  const hash = createHash('sha256');
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const direct = spec.format === 'wav' && spec.outputRate === spec.inputRate;
  const wavSamples = resampledLength(spec.samples, spec.inputRate, spec.outputRate);
  const size = spec.format === 'wav' ? WAV_HEADER_BYTES + wavSamples * 2 : undefined;
  const upload = storage.putStream(key, counted, size, AUDIO_CONTENT_TYPES[spec.format]);

  let input: Writable;
  let encoder: ChildProcessWithoutNullStreams | undefined;
  let encoded: Promise<void> = Promise.resolve();
  if (direct) {
    counted.write(wavHeader(spec.samples, spec.inputRate));
    input = counted;
  } else {
    encoder = spawn(FFMPEG, ffmpegArgs(spec), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    encoder.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
    const output =
      spec.format === 'wav' ? encoder.stdout.pipe(exactPcm(wavSamples, spec.outputRate)) : encoder.stdout;
    output.pipe(counted);
    const proc = encoder;
    encoded = new Promise((resolve, reject) => {
      proc.on('error', (err) => reject(new Error(`could not run ${FFMPEG}: ${err.message}`)));
      proc.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`${FFMPEG} exited ${code}: ${stderr.trim()}`)),
      );
    });
    input = proc.stdin;
  }
  // Whichever side fails first fails the whole sink.
  const failed = Promise.all([upload, encoded]).then(
    () => new Promise<never>(() => undefined),
    (err: unknown) => {
      throw err;
    },
  );
  let failure: Error | undefined;
  failed.catch((err: unknown) => {
    failure = err instanceof Error ? err : new Error(String(err));
    encoder?.kill('SIGKILL');
    counted.destroy();
  });
  // Failures surface through `upload` and `encoded`; these only keep stray stream errors quiet.
  counted.on('error', () => undefined);
  input.on('error', () => undefined);

  return {
    async write(pcm) {
      if (failure) throw failure;
      if (!input.write(pcm)) await Promise.race([once(input, 'drain'), failed]);
    },
    async end() {
      input.end();
      await Promise.all([upload, encoded]);
      return { bytes, sha256: hash.digest('hex') };
    },
    abort(err) {
      encoder?.kill('SIGKILL');
      counted.destroy(err);
    },
  };
}

/**
 * A WAV of exactly `samples` samples from a resampler's raw output: its header first, then the
 * PCM, cut or zero-padded at the end (the resampler may be a few samples off the exact ratio).
 */
function exactPcm(samples: number, rate: number): Transform {
  const want = samples * 2;
  let seen = 0;
  return new Transform({
    construct(done) {
      this.push(wavHeader(samples, rate));
      done();
    },
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const room = Math.max(0, want - seen);
      seen += chunk.length;
      done(null, room >= chunk.length ? chunk : chunk.subarray(0, room));
    },
    flush(done) {
      if (seen < want) this.push(Buffer.alloc(want - seen));
      done();
    },
  });
}
