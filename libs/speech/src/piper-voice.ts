import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { defaultSessionSettings, type SessionSettings } from '@chorus/config';
import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { createHash } from 'node:crypto';
import { ortSessionOptions } from './devices';
import { halfToFloat } from './float16';
import { findCeilOutputs, withExtraOutput } from './onnx-duration-output';
import type { VoiceFiles } from './voice-catalog';
import { parseVoiceConfig, type VoiceConfig, type VoiceScales } from './voice-config';

export interface LoadOptions {
  /** `cpu:N` or `cuda:N`. */
  device?: string;
  /** Over {@link defaultSessionSettings}. */
  settings?: Partial<SessionSettings>;
}

/**
 * A Piper VITS voice: one long-lived onnxruntime session, created once and reused for
 * every batch this process runs.
 */
export class PiperVoice {
  private constructor(
    readonly name: string,
    readonly config: VoiceConfig,
    /** The device and settings the session was built with. */
    readonly device: string,
    readonly settings: SessionSettings,
    private readonly session: ort.InferenceSession,
    /** Graph output with per-phoneme frame counts; without it batches run one item at a time. */
    private readonly durationOutput: string | undefined,
  ) {}

  /** True when several segments can share one forward pass and still be cut apart exactly. */
  get batches(): boolean {
    return this.durationOutput !== undefined;
  }

  static async load(files: VoiceFiles, opts: LoadOptions = {}): Promise<PiperVoice> {
    const device = opts.device ?? 'cpu:0';
    const settings = { ...defaultSessionSettings(), ...opts.settings };
    for (const p of [files.modelPath, files.configPath]) {
      if (!existsSync(p))
        throw new DomainError(ERROR_CODES.VOICE_NOT_FOUND, `voice file missing: ${p}`, { voice: files.name });
    }
    const config = parseVoiceConfig(await readFile(files.configPath, 'utf8'), files.configPath);
    // Read once (read-only) and check those very bytes: what is verified is what runs.
    let model: Uint8Array = await readFile(files.modelPath, { flag: 'r' });
    verifyChecksum(files, model);
    const ceil = findCeilOutputs(model);
    const durationOutput = ceil.length === 1 ? ceil[0] : undefined;
    if (durationOutput) model = withExtraOutput(model, durationOutput);
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(model, ortSessionOptions(device, settings));
    } catch (err) {
      throw new DomainError(
        ERROR_CODES.VOICE_INVALID,
        `${files.modelPath} is not a loadable ONNX model: ${(err as Error).message}`,
        { voice: files.name },
      );
    }
    for (const input of ['input', 'input_lengths', 'scales']) {
      if (!session.inputNames.includes(input)) {
        await session.release();
        throw new DomainError(
          ERROR_CODES.VOICE_INVALID,
          `${files.modelPath} has no "${input}" input; not a Piper voice`,
        );
      }
    }
    return new PiperVoice(files.name, config, device, settings, session, durationOutput);
  }

  /**
   * Synthesizes a batch of id sequences in one forward pass (padded to the longest) and
   * returns each item's own waveform, cut to the frames its phonemes were given.
   */
  async infer(batch: number[][], scales: Partial<VoiceScales> = {}): Promise<Float32Array[]> {
    if (batch.length === 0) return [];
    if (batch.length > 1 && !this.batches) {
      const out: Float32Array[] = [];
      for (const ids of batch) out.push(...(await this.infer([ids], scales)));
      return out;
    }
    const s = { ...this.config.scales, ...scales };
    const width = Math.max(...batch.map((ids) => ids.length));
    const input = new BigInt64Array(batch.length * width);
    batch.forEach((ids, row) => ids.forEach((id, col) => (input[row * width + col] = BigInt(id))));
    const feeds: Record<string, ort.Tensor> = {
      input: new ort.Tensor('int64', input, [batch.length, width]),
      input_lengths: new ort.Tensor('int64', BigInt64Array.from(batch.map((ids) => BigInt(ids.length))), [
        batch.length,
      ]),
      scales: new ort.Tensor('float32', Float32Array.from([s.noise, s.length, s.noiseW]), [3]),
    };
    if (this.config.numSpeakers > 1)
      feeds.sid = new ort.Tensor('int64', new BigInt64Array(batch.length), [batch.length]);
    let results: ort.InferenceSession.OnnxValueMapType;
    try {
      results = await this.session.run(feeds);
    } catch (err) {
      throw new DomainError(ERROR_CODES.INFERENCE_FAILED, `inference failed: ${(err as Error).message}`, {
        voice: this.name,
      });
    }
    const audio = results.output;
    if (!audio)
      throw new DomainError(ERROR_CODES.INFERENCE_FAILED, 'the model returned no "output" tensor', {
        voice: this.name,
      });
    const data = audio.data as Float32Array;
    const stride = data.length / batch.length;
    const frames = this.durationOutput ? results[this.durationOutput] : undefined;
    return batch.map((_, i) =>
      data.slice(i * stride, i * stride + this.itemSamples(frames, i, batch.length, stride)),
    );
  }

  /** An item's audio length: its frames (sum of its phoneme durations) times the hop length. */
  private itemSamples(
    frames: ort.Tensor | undefined,
    item: number,
    batchSize: number,
    stride: number,
  ): number {
    if (!frames) return stride;
    // A float16 voice gives its durations as float16 too (raw bits in a Uint16Array).
    const half = frames.type === 'float16';
    const d = frames.data as Float32Array | Uint16Array;
    const perItem = d.length / batchSize;
    let total = 0;
    for (let j = item * perItem; j < (item + 1) * perItem; j++)
      total += half ? halfToFloat(d[j] ?? 0) : (d[j] ?? 0);
    return Math.min(stride, Math.round(total) * this.config.hopLength);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** The model must match the sha256 pinned for it in the voices directory's SHA256SUMS. */
function verifyChecksum(files: VoiceFiles, model: Uint8Array): void {
  if (!files.sha256) {
    throw new DomainError(
      ERROR_CODES.VOICE_CHECKSUM_MISMATCH,
      `${files.modelPath} has no pinned sha256 in SHA256SUMS beside it; refusing to load an unverified model`,
      { voice: files.name },
    );
  }
  const actual = createHash('sha256').update(model).digest('hex');
  if (actual !== files.sha256) {
    throw new DomainError(
      ERROR_CODES.VOICE_CHECKSUM_MISMATCH,
      `${files.modelPath} has sha256 ${actual}, but SHA256SUMS pins ${files.sha256}; refusing to load it`,
      { voice: files.name },
    );
  }
}
