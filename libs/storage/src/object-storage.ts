import type { Readable } from 'node:stream';

/** Object storage as the pipeline needs it; any S3 endpoint can sit behind it. */
export interface ObjectStorage {
  ensureBucket(): Promise<void>;
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  /**
   * Streams an upload; the object appears under its key only when complete. Without a size
   * (an encoder's output) it goes up in multipart parts.
   */
  putStream(key: string, body: Readable, size: number | undefined, contentType: string): Promise<void>;
  getStream(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** A time-limited URL anyone holding it can GET. */
  presignGet(key: string, expirySeconds: number): Promise<string>;
  remove(key: string): Promise<void>;
  /** Keys under a prefix (for audits and clean-ups). */
  list(prefix: string): Promise<string[]>;
}

export const OBJECT_STORAGE = Symbol('ObjectStorage');
