import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStorage } from '@chorus/storage';
import { config } from '../support/stack';
import { freeze } from '../support/stack-control';

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
    expect(await sut.list(key.slice(0, key.lastIndexOf('/') + 1))).toEqual([key]);
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

  it('gives up on a server that stops answering instead of hanging, and works again after', async () => {
    const impatient = new S3ObjectStorage({ ...config.s3, bucket, timeoutMs: 500 });
    const key = `jobs/${randomUUID()}/segments/1.wav`;
    await impatient.put(key, Buffer.from('warm'), 'audio/wav');
    freeze('minio', true);
    const started = Date.now();
    // Thaw even if the call hangs, so a failure here cannot leave the stack frozen.
    const thaw = setTimeout(() => freeze('minio', false), 20_000);
    try {
      await expect(impatient.put(key, Buffer.from('frozen'), 'audio/wav')).rejects.toMatchObject({
        code: 'ETIMEDOUT',
      });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      clearTimeout(thaw);
      freeze('minio', false);
    }
    await impatient.put(key, Buffer.from('thawed'), 'audio/wav');
    expect((await impatient.get(key)).toString()).toBe('thawed');
  });
});
