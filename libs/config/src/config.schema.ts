import { z } from 'zod';
import { parseSessionRules } from './session-options';

/** `*=Latin;ru=Cyrillic,Latin` → language (or `*`) → Unicode script names, checked. */
export function parseScriptAllowList(spec: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of spec
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [language, scripts] = part.split('=').map((p) => p.trim());
    if (!language || !scripts) throw new Error(`"${part}" is not LANGUAGE=Script,Script`);
    const names = scripts
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    for (const name of names.filter((n) => n !== 'Emoji')) {
      try {
        new RegExp(`\\p{Script=${name}}`, 'u');
      } catch {
        throw new Error(`"${name}" is not a Unicode script name (e.g. Latin, Cyrillic, Greek)`);
      }
    }
    map.set(language, names);
  }
  if (!map.has('*')) map.set('*', ['Latin']);
  return map;
}

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
  CHORUS_PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),

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
  /** A request to S3 that sends or receives nothing for this long is abandoned (and retried). */
  CHORUS_S3_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),

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
  CHORUS_INTERACTIVE_MAX_CHARS: z.coerce.number().int().nonnegative().default(5000),
  CHORUS_SEGMENTS_PARTITIONS: z.coerce.number().int().positive().default(6),
  CHORUS_EVENTS_PARTITIONS: z.coerce.number().int().positive().default(3),
  CHORUS_PRESIGN_SECONDS: z.coerce.number().int().min(1).max(604_800).default(900),
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
  /** Segments per batch in the interactive lane: 1 stores and announces each as soon as it is made. */
  CHORUS_INTERACTIVE_BATCH_SIZE: z.coerce.number().int().min(1).max(256).default(1),
  /** Items (sentences) per padded forward pass; 0 picks by device: 4 on CPU, 64 on CUDA. */
  CHORUS_PASS_MAX_ITEMS: z.coerce.number().int().min(0).max(1024).default(0),
  CHORUS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  CHORUS_WORKER_METRICS_PORT: port.or(z.literal('0').transform(() => 0)).default(9464),
  CHORUS_FINALIZE_LEASE_SECONDS: z.coerce.number().int().min(5).default(300),
  /** How long the worker keeps retrying a backing service that is down before it gives the work back. */
  CHORUS_TRANSIENT_RETRY_SECONDS: z.coerce.number().int().min(1).default(120),
  /** A segment `running` this long without finishing is requeued by the reaper. */
  CHORUS_SEGMENT_LEASE_SECONDS: z.coerce.number().int().min(10).default(300),
  CHORUS_SUBSCRIBER_GROUP: z.string().min(1).default('chorus-audio-subscriber'),
  CHORUS_SUBSCRIBER_DIR: z.string().min(1).default('out/subscriber'),
  CHORUS_API_HOST: z.string().min(1).default('127.0.0.1'),
  CHORUS_API_PORT: port.default(3000),
  /** The API's Prometheus /metrics listener, apart from the public port (0: off). */
  CHORUS_API_METRICS_PORT: port.or(z.literal('0').transform(() => 0)).default(9465),
  /** How often a job's live event stream (SSE) reads the job row. */
  CHORUS_SSE_POLL_MS: z.coerce.number().int().min(50).max(10_000).default(500),
  /** Seconds between SSE keep-alive comments. */
  CHORUS_SSE_HEARTBEAT_SECONDS: z.coerce.number().min(0.1).max(300).default(15),
  CHORUS_STACK_DIR: z.string().min(1).default('.stack'),
  /** The key for /v1/admin (creating and revoking API keys); unset turns those endpoints off. */
  CHORUS_ADMIN_KEY: z.string().min(32, 'use at least 32 random characters').optional(),
  /** Requests per second per client IP and per API key (0: no limit), shared by all API replicas. */
  CHORUS_RATE_LIMIT_IP: z.coerce.number().int().min(0).default(10),
  CHORUS_RATE_LIMIT_KEY: z.coerce.number().int().min(0).default(20),
  /** The window those limits count in (requests per window = limit × seconds). */
  CHORUS_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(1),
  /** Express `trust proxy`: false, true, a hop count, or a list of trusted proxy subnets. */
  CHORUS_TRUST_PROXY: z.string().default('false'),
  /** Characters one tenant may have queued or running at once (0: no cap). */
  CHORUS_TENANT_MAX_QUEUED_CHARS: z.coerce.number().int().min(0).default(5_000_000),
  /** Origins allowed to call the API from a browser, comma-separated; empty: none. */
  CHORUS_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  /**
   * Unicode scripts a document may use, per voice language, beside the script-neutral
   * punctuation, digits and symbols: `*=Latin;ru=Cyrillic;el=Greek,Latin`;
   * `Emoji` allows emoji-presentation symbols.
   */
  CHORUS_ALLOWED_SCRIPTS: z
    .string()
    .default('*=Latin')
    .transform((s, ctx) => {
      try {
        return parseScriptAllowList(s);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /**
   * Webhook targets that may be private, loopback or link-local addresses (which are refused
   * otherwise, against SSRF): IPs or CIDRs, comma-separated, e.g. `127.0.0.1,10.0.0.0/8`.
   */
  CHORUS_WEBHOOK_ALLOWED_PRIVATE: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  CHORUS_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Retry backoff base: attempt n waits a random time below base × 2^n (capped at 1 h). */
  CHORUS_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).default(5000),
  CHORUS_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  CHORUS_WEBHOOK_GROUP: z.string().min(1).default('chorus-webhooks'),
  NODE_ENV: z.string().default('development'),
});

export type RawEnv = z.infer<typeof envSchema>;
