import { envSchema, type RawEnv } from './config.schema';
import type { SessionRule } from './session-options';

export interface PostgresConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Connections per process (the node-postgres pool). */
  poolSize: number;
}

export interface KafkaConfig {
  brokers: string[];
  controllerPort: number;
  clientId: string;
}

export interface S3Config {
  endPoint: string;
  port: number;
  consolePort: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
  timeoutMs: number;
}

export interface SpeechConfig {
  voicesDir: string;
  defaultVoice: string;
  espeakLibrary: string;
  espeakData: string | undefined;
  /** 0 lets onnxruntime choose. */
  intraOpThreads: number;
  /** Per-device session options (CHORUS_SESSION_OPTIONS), applied over the defaults in order. */
  sessionRules: SessionRule[];
}

export interface PipelineConfig {
  maxDocumentChars: number;
  segmentMaxChars: number;
  /** Documents up to this size go to the interactive lane unless they ask otherwise; 0: none. */
  interactiveMaxChars: number;
  segmentsPartitions: number;
  eventsPartitions: number;
  presignSeconds: number;
}

export interface WorkerConfig {
  devices: string[];
  batchSize: number;
  batchWaitMs: number;
  /** Batch size of the interactive lane (its batches never wait for more). */
  interactiveBatchSize: number;
  maxAttempts: number;
  /** Items per padded forward pass; 0: by device kind. */
  passMaxItems: number;
  finalizeLeaseSeconds: number;
  transientRetrySeconds: number;
  segmentLeaseSeconds: number;
  /** Prometheus /metrics port; 0 turns the server off. */
  metricsPort: number;
}

export interface SecurityConfig {
  adminKey: string | undefined;
  rateLimitPerIp: number;
  rateLimitPerKey: number;
  rateLimitWindowSeconds: number;
  trustProxy: boolean | number | string;
  tenantMaxQueuedChars: number;
  corsOrigins: string[];
  /** Voice language (`en`, or `*` for the rest) → allowed Unicode scripts. */
  allowedScripts: Map<string, string[]>;
}

export interface WebhookConfig {
  /** IPs and CIDRs allowed although private or loopback. */
  allowedPrivate: string[];
  maxAttempts: number;
  backoffMs: number;
  timeoutMs: number;
  groupId: string;
}

export interface ChorusConfig {
  postgres: PostgresConfig;
  kafka: KafkaConfig;
  s3: S3Config;
  speech: SpeechConfig;
  api: {
    host: string;
    port: number;
    /** SSE: how often a stream polls its job row, and the keep-alive period. */
    ssePollMs: number;
    sseHeartbeatSeconds: number;
    /** Prometheus /metrics on its own port; 0 turns it off. */
    metricsPort: number;
  };
  pipeline: PipelineConfig;
  worker: WorkerConfig;
  subscriber: { groupId: string; downloadDir: string };
  security: SecurityConfig;
  webhooks: WebhookConfig;
  stackDir: string;
  production: boolean;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

function toConfig(e: RawEnv): ChorusConfig {
  return {
    postgres: {
      host: e.CHORUS_PG_HOST,
      port: e.CHORUS_PG_PORT,
      user: e.CHORUS_PG_USER,
      password: e.CHORUS_PG_PASSWORD,
      database: e.CHORUS_PG_DATABASE,
      poolSize: e.CHORUS_PG_POOL_SIZE,
    },
    kafka: {
      brokers: e.CHORUS_KAFKA_BROKERS,
      controllerPort: e.CHORUS_KAFKA_CONTROLLER_PORT,
      clientId: e.CHORUS_KAFKA_CLIENT_ID,
    },
    s3: {
      endPoint: e.CHORUS_S3_ENDPOINT,
      port: e.CHORUS_S3_PORT,
      consolePort: e.CHORUS_S3_CONSOLE_PORT,
      useSSL: e.CHORUS_S3_USE_SSL,
      accessKey: e.CHORUS_S3_ACCESS_KEY,
      secretKey: e.CHORUS_S3_SECRET_KEY,
      bucket: e.CHORUS_S3_BUCKET,
      region: e.CHORUS_S3_REGION,
      timeoutMs: e.CHORUS_S3_TIMEOUT_MS,
    },
    speech: {
      voicesDir: e.CHORUS_VOICES_DIR,
      defaultVoice: e.CHORUS_DEFAULT_VOICE,
      espeakLibrary: e.CHORUS_ESPEAK_LIBRARY,
      espeakData: e.CHORUS_ESPEAK_DATA,
      intraOpThreads: e.CHORUS_INTRA_OP_THREADS,
      sessionRules: e.CHORUS_SESSION_OPTIONS,
    },
    api: {
      host: e.CHORUS_API_HOST,
      port: e.CHORUS_API_PORT,
      ssePollMs: e.CHORUS_SSE_POLL_MS,
      sseHeartbeatSeconds: e.CHORUS_SSE_HEARTBEAT_SECONDS,
      metricsPort: e.CHORUS_API_METRICS_PORT,
    },
    pipeline: {
      maxDocumentChars: e.CHORUS_MAX_DOCUMENT_CHARS,
      segmentMaxChars: e.CHORUS_SEGMENT_MAX_CHARS,
      interactiveMaxChars: e.CHORUS_INTERACTIVE_MAX_CHARS,
      segmentsPartitions: e.CHORUS_SEGMENTS_PARTITIONS,
      eventsPartitions: e.CHORUS_EVENTS_PARTITIONS,
      presignSeconds: e.CHORUS_PRESIGN_SECONDS,
    },
    subscriber: { groupId: e.CHORUS_SUBSCRIBER_GROUP, downloadDir: e.CHORUS_SUBSCRIBER_DIR },
    worker: {
      devices: e.DEVICES,
      batchSize: e.CHORUS_BATCH_SIZE,
      batchWaitMs: e.CHORUS_BATCH_WAIT_MS,
      interactiveBatchSize: e.CHORUS_INTERACTIVE_BATCH_SIZE,
      maxAttempts: e.CHORUS_MAX_ATTEMPTS,
      passMaxItems: e.CHORUS_PASS_MAX_ITEMS,
      finalizeLeaseSeconds: e.CHORUS_FINALIZE_LEASE_SECONDS,
      transientRetrySeconds: e.CHORUS_TRANSIENT_RETRY_SECONDS,
      segmentLeaseSeconds: e.CHORUS_SEGMENT_LEASE_SECONDS,
      metricsPort: e.CHORUS_WORKER_METRICS_PORT,
    },
    security: {
      adminKey: e.CHORUS_ADMIN_KEY,
      rateLimitPerIp: e.CHORUS_RATE_LIMIT_IP,
      rateLimitPerKey: e.CHORUS_RATE_LIMIT_KEY,
      rateLimitWindowSeconds: e.CHORUS_RATE_LIMIT_WINDOW_SECONDS,
      trustProxy: trustProxy(e.CHORUS_TRUST_PROXY),
      tenantMaxQueuedChars: e.CHORUS_TENANT_MAX_QUEUED_CHARS,
      corsOrigins: e.CHORUS_CORS_ORIGINS,
      allowedScripts: e.CHORUS_ALLOWED_SCRIPTS,
    },
    webhooks: {
      allowedPrivate: e.CHORUS_WEBHOOK_ALLOWED_PRIVATE,
      maxAttempts: e.CHORUS_WEBHOOK_MAX_ATTEMPTS,
      backoffMs: e.CHORUS_WEBHOOK_BACKOFF_MS,
      timeoutMs: e.CHORUS_WEBHOOK_TIMEOUT_MS,
      groupId: e.CHORUS_WEBHOOK_GROUP,
    },
    stackDir: e.CHORUS_STACK_DIR,
    production: e.NODE_ENV === 'production',
  };
}

function trustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The local stack's credentials: fine on a laptop, refused in production. */
const DEV_SECRETS: [keyof RawEnv, string][] = [
  ['CHORUS_PG_PASSWORD', 'chorus'],
  ['CHORUS_S3_SECRET_KEY', 'chorus-dev-secret'],
];

function devSecretsInProduction(e: RawEnv): string[] {
  if (e.NODE_ENV !== 'production') return [];
  return DEV_SECRETS.filter(([name, dev]) => e[name] === dev).map(
    ([name]) => `  ${name}: the local stack's default is not allowed when NODE_ENV=production`,
  );
}

/**
 * Validates the environment once and returns a typed config. A bad value stops the
 * process with a message naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ChorusConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const insecure = devSecretsInProduction(parsed.data);
  if (insecure.length > 0) throw new ConfigError(`Invalid configuration:\n${insecure.join('\n')}`);
  return toConfig(parsed.data);
}
