import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStorage } from '@chorus/storage';
import { config } from '../support/stack';

describe('S3 storage on MinIO through the minio client', () => {
  const bucket = `e2e-${randomUUID().slice(0, 8)}`;
  const sut = new S3ObjectStorage({ ...config.s3, bucket });

  beforeAll(async () => {
    await sut.ensureBucket();
    await sut.ensureBucket(); // idempotent
  });

  it('puts, reads back, stats and removes an object', async () => {
    const key = `jobs/${randomUUID()}/segments/0.wav`;
    const body = Buffer.from(`audio bytes ${randomUUID()}`);
    expect(await sut.exists(key)).toBe(false);
    await sut.put(key, body, 'audio/wav');
    expect(await sut.exists(key)).toBe(true);
    expect((await sut.get(key)).equals(body)).toBe(true);
    await sut.remove(key);
    expect(await sut.exists(key)).toBe(false);
  });

  it('presigns a URL that a plain HTTP GET can fetch, and that expires', async () => {
    const key = `jobs/${randomUUID()}/audio.wav`;
    const body = Buffer.from('RIFF....WAVE presigned');
    await sut.put(key, body, 'audio/wav');
    const url = await sut.presignGet(key, 60);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);

    const tampered = new URL(url);
    tampered.searchParams.set('X-Amz-Expires', '3600');
    expect((await fetch(tampered)).status).toBe(403);

    const short = await sut.presignGet(key, 1);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await fetch(short)).status).toBe(403);
  });
});
