import { envSchema, type RawEnv } from './config.schema';
import type { SessionRule } from './session-options';

export interface PostgresConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
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
  segmentsPartitions: number;
  eventsPartitions: number;
  presignSeconds: number;
  defaultOwner: string;
}

export interface WorkerConfig {
  devices: string[];
  batchSize: number;
  batchWaitMs: number;
  maxAttempts: number;
  /** Items per padded forward pass; 0: by device kind. */
  passMaxItems: number;
  finalizeLeaseSeconds: number;
  /** Prometheus /metrics port; 0 turns the server off. */
  metricsPort: number;
}

export interface ChorusConfig {
  postgres: PostgresConfig;
  kafka: KafkaConfig;
  s3: S3Config;
  speech: SpeechConfig;
  api: { host: string; port: number };
  pipeline: PipelineConfig;
  worker: WorkerConfig;
  subscriber: { groupId: string; downloadDir: string };
  stackDir: string;
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
    },
    speech: {
      voicesDir: e.CHORUS_VOICES_DIR,
      defaultVoice: e.CHORUS_DEFAULT_VOICE,
      espeakLibrary: e.CHORUS_ESPEAK_LIBRARY,
      espeakData: e.CHORUS_ESPEAK_DATA,
      intraOpThreads: e.CHORUS_INTRA_OP_THREADS,
      sessionRules: e.CHORUS_SESSION_OPTIONS,
    },
    api: { host: e.CHORUS_API_HOST, port: e.CHORUS_API_PORT },
    pipeline: {
      maxDocumentChars: e.CHORUS_MAX_DOCUMENT_CHARS,
      segmentMaxChars: e.CHORUS_SEGMENT_MAX_CHARS,
      segmentsPartitions: e.CHORUS_SEGMENTS_PARTITIONS,
      eventsPartitions: e.CHORUS_EVENTS_PARTITIONS,
      presignSeconds: e.CHORUS_PRESIGN_SECONDS,
      defaultOwner: e.CHORUS_DEFAULT_OWNER,
    },
    subscriber: { groupId: e.CHORUS_SUBSCRIBER_GROUP, downloadDir: e.CHORUS_SUBSCRIBER_DIR },
    worker: {
      devices: e.DEVICES,
      batchSize: e.CHORUS_BATCH_SIZE,
      batchWaitMs: e.CHORUS_BATCH_WAIT_MS,
      maxAttempts: e.CHORUS_MAX_ATTEMPTS,
      passMaxItems: e.CHORUS_PASS_MAX_ITEMS,
      finalizeLeaseSeconds: e.CHORUS_FINALIZE_LEASE_SECONDS,
      metricsPort: e.CHORUS_WORKER_METRICS_PORT,
    },
    stackDir: e.CHORUS_STACK_DIR,
  };
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
  return toConfig(parsed.data);
}
