import * as Minio from 'minio';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { S3Config } from '@chorus/config';
import type { ObjectStorage } from './object-storage';

/**
 * Keep-alive connections that are destroyed when idle for `ms` (in use or pooled):
 * the minio client has no request timeout, and a server that stops answering (paused,
 * partitioned) would otherwise hang the call forever. The error is ETIMEDOUT, so callers
 * treat it as transient.
 */
function idleTimeoutAgent(useSSL: boolean, ms: number): http.Agent {
  const Base = useSSL ? https.Agent : http.Agent;
  // `timeout` re-arms the idle timer each time a kept-alive socket goes back to the pool.
  const agent = new Base({ keepAlive: true, maxSockets: 64, timeout: ms });
  const original = agent.createConnection.bind(agent);
  agent.createConnection = (options, callback) => {
    const socket = original(options, callback) as Socket;
    socket.setTimeout(ms);
    socket.on('timeout', () =>
      socket.destroy(Object.assign(new Error(`S3 connection idle for ${ms} ms`), { code: 'ETIMEDOUT' })),
    );
    return socket;
  };
  return agent;
}

/**
 * What an upload of unknown length (an encoder's output) declares: minio-js sizes its multipart
 * parts from the declared size, and with none it assumes 5 TiB, i.e. ~550 MiB parts held in
 * memory. Declaring just under 10,000 × 64 MiB keeps parts (and memory) at 64 MiB; a shorter
 * stream simply ends with a smaller last part.
 */
const UNKNOWN_SIZE_BOUND = 10_000 * 64 * 1024 * 1024 - 1;

/** {@link ObjectStorage} over the `minio` client, which speaks plain S3 to any endpoint. */
export class S3ObjectStorage implements ObjectStorage {
  private readonly client: Minio.Client;

  constructor(private readonly config: S3Config) {
    this.client = new Minio.Client({
      transportAgent: idleTimeoutAgent(config.useSSL, config.timeoutMs),
      endPoint: config.endPoint,
      port: config.port,
      useSSL: config.useSSL,
      accessKey: config.accessKey,
      secretKey: config.secretKey,
      region: config.region,
    });
  }

  get bucket(): string {
    return this.config.bucket;
  }

  async ensureBucket(): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket, this.config.region);
    } catch (err) {
      // Another replica may have created it between our check and our call.
      if ((err as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw err;
    }
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.putObject(this.bucket, key, body, body.length, { 'Content-Type': contentType });
  }

  async get(key: string): Promise<Buffer> {
    const stream = await this.client.getObject(this.bucket, key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async putStream(key: string, body: Readable, size: number | undefined, contentType: string): Promise<void> {
    await this.client.putObject(this.bucket, key, body, size ?? UNKNOWN_SIZE_BOUND, {
      'Content-Type': contentType,
    });
  }

  getStream(key: string): Promise<Readable> {
    return this.client.getObject(this.bucket, key);
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.statObject(this.bucket, key);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === 'NotFound') return false;
      throw err;
    }
  }

  presignGet(key: string, expirySeconds: number): Promise<string> {
    return this.client.presignedGetObject(this.bucket, key, expirySeconds);
  }

  async remove(key: string): Promise<void> {
    await this.client.removeObject(this.bucket, key);
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true) as AsyncIterable<{
      name?: string;
    }>)
      if (item.name) keys.push(item.name);
    return keys;
  }
}
