import { z } from 'zod';
import { DomainError, ERROR_CODES } from '@chorus/contracts';

/** The parts of a Piper `.onnx.json` that inference needs. */
const piperConfigSchema = z.object({
  audio: z.object({ sample_rate: z.number().int().positive(), quality: z.string().optional() }),
  espeak: z.object({ voice: z.string().min(1) }),
  inference: z
    .object({ noise_scale: z.number(), length_scale: z.number().positive(), noise_w: z.number() })
    .partial()
    .default({}),
  phoneme_type: z.string().default('espeak'),
  phoneme_id_map: z.record(z.string(), z.array(z.number().int().nonnegative()).min(1)),
  num_speakers: z.number().int().positive().default(1),
  hop_length: z.number().int().positive().default(256),
  language: z.object({ code: z.string() }).partial().optional(),
  dataset: z.string().optional(),
});

export interface VoiceScales {
  noise: number;
  length: number;
  noiseW: number;
}

export interface VoiceConfig {
  sampleRate: number;
  quality: string | undefined;
  espeakVoice: string;
  language: string;
  numSpeakers: number;
  /** Audio samples per decoder frame. */
  hopLength: number;
  phonemeIdMap: ReadonlyMap<string, readonly number[]>;
  scales: VoiceScales;
}

export function parseVoiceConfig(json: string, source: string): VoiceConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new DomainError(
      ERROR_CODES.VOICE_INVALID,
      `${source} is not valid JSON: ${(err as Error).message}`,
    );
  }
  const parsed = piperConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new DomainError(ERROR_CODES.VOICE_INVALID, `${source} is not a Piper voice config (${where})`);
  }
  const c = parsed.data;
  if (c.phoneme_type !== 'espeak') {
    throw new DomainError(
      ERROR_CODES.VOICE_INVALID,
      `${source}: phoneme_type "${c.phoneme_type}" is not supported yet`,
    );
  }
  return {
    sampleRate: c.audio.sample_rate,
    quality: c.audio.quality,
    espeakVoice: c.espeak.voice,
    language: c.language?.code ?? c.espeak.voice,
    numSpeakers: c.num_speakers,
    hopLength: c.hop_length,
    phonemeIdMap: new Map(Object.entries(c.phoneme_id_map)),
    scales: {
      noise: c.inference.noise_scale ?? 0.667,
      length: c.inference.length_scale ?? 1,
      noiseW: c.inference.noise_w ?? 0.8,
    },
  };
}
