import { z } from 'zod';
import { parseSessionRules } from './session-options';

const port = z.coerce.number().int().min(1).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Every environment variable chorus reads, with the defaults that match the local stack
 * (`npm run stack -- up`). Production deployments override them.
 */
export const envSchema = z.object({
  CHORUS_PG_HOST: z.string().min(1).default('127.0.0.1'),
  CHORUS_PG_PORT: port.default(54329),
  CHORUS_PG_USER: z.string().min(1).default('chorus'),
  CHORUS_PG_PASSWORD: z.string().default('chorus'),
  CHORUS_PG_DATABASE: z.string().min(1).default('chorus'),

  CHORUS_KAFKA_BROKERS: z
    .string()
    .min(1)
    .default('127.0.0.1:19092')
    .transform((s) => s.split(',').map((b) => b.trim())),
  CHORUS_KAFKA_CONTROLLER_PORT: port.default(19093),
  CHORUS_KAFKA_CLIENT_ID: z.string().min(1).default('chorus'),

  CHORUS_S3_ENDPOINT: z.string().min(1).default('127.0.0.1'),
  CHORUS_S3_PORT: port.default(19000),
  CHORUS_S3_CONSOLE_PORT: port.default(19001),
  CHORUS_S3_USE_SSL: bool.default(false),
  CHORUS_S3_ACCESS_KEY: z.string().min(3).default('chorus'),
  CHORUS_S3_SECRET_KEY: z.string().min(8).default('chorus-dev-secret'),
  CHORUS_S3_BUCKET: z.string().min(3).default('chorus'),
  CHORUS_S3_REGION: z.string().min(1).default('us-east-1'),

  CHORUS_VOICES_DIR: z.string().min(1).default('models/voices'),
  CHORUS_DEFAULT_VOICE: z.string().min(1).default('en_US-joe-medium'),
  CHORUS_ESPEAK_LIBRARY: z.string().min(1).default('libespeak-ng.so.1'),
  CHORUS_ESPEAK_DATA: z.string().optional(),
  CHORUS_INTRA_OP_THREADS: z.coerce.number().int().min(0).default(0),
  /**
   * Session options per device: `SELECTOR=key:value,...;...` with SELECTOR `*`, `cpu`, `cuda`
   * or one device (`cuda:1`), keys threads, interThreads, mode (sequential|parallel),
   * optimization (disabled|basic|extended|all), arena, memPattern, spinning (on|off) and
   * precision (fp32|int8|fp16). Example: `cpu=threads:2,spinning:off;cuda:0=precision:fp16`.
   */
  CHORUS_SESSION_OPTIONS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      try {
        return parseSessionRules(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),

  CHORUS_MAX_DOCUMENT_CHARS: z.coerce.number().int().positive().default(2_000_000),
  CHORUS_SEGMENT_MAX_CHARS: z.coerce.number().int().min(50).max(2000).default(400),
  CHORUS_SEGMENTS_PARTITIONS: z.coerce.number().int().positive().default(6),
  CHORUS_EVENTS_PARTITIONS: z.coerce.number().int().positive().default(3),
  CHORUS_PRESIGN_SECONDS: z.coerce.number().int().min(1).max(604_800).default(900),
  CHORUS_DEFAULT_OWNER: z.string().min(1).default('local'),
  /** Compute devices this worker process serves, one consumer each: cpu:0,cpu:1 or cuda:0,cuda:1. */
  DEVICES: z
    .string()
    .default('cpu:0')
    .transform((s) =>
      s
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^(cpu|cuda):\d+$/, 'expected cpu:N or cuda:N')).min(1)),
  CHORUS_BATCH_SIZE: z.coerce.number().int().min(1).max(256).default(8),
  CHORUS_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(50),
  /** Items (sentences) per padded forward pass; 0 picks by device: 4 on CPU, 64 on CUDA. */
  CHORUS_PASS_MAX_ITEMS: z.coerce.number().int().min(0).max(1024).default(0),
  CHORUS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  CHORUS_WORKER_METRICS_PORT: port.or(z.literal('0').transform(() => 0)).default(9464),
  CHORUS_FINALIZE_LEASE_SECONDS: z.coerce.number().int().min(5).default(300),
  CHORUS_SUBSCRIBER_GROUP: z.string().min(1).default('chorus-audio-subscriber'),
  CHORUS_SUBSCRIBER_DIR: z.string().min(1).default('out/subscriber'),
  CHORUS_API_HOST: z.string().min(1).default('127.0.0.1'),
  CHORUS_API_PORT: port.default(3000),
  CHORUS_STACK_DIR: z.string().min(1).default('.stack'),
});

export type RawEnv = z.infer<typeof envSchema>;
