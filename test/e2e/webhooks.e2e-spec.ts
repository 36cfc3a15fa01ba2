import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitText, waitForJob } from '../support/api-client';
import { startApi, startWorker, type AppProcess, type RunningApi } from '../support/processes';
import { config } from '../support/stack';
import { verifyChorusSignature } from '../support/webhook-verify';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  answered: number;
}

/** A receiver that answers 500 to the first `failFirst` requests, then 200, and records all. */
async function receiver(failFirst: number): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answered = received.length < failFirst ? 500 : 200;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/chorus`, received, server };
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(200);
  }
}

describe('webhooks: job.completed and job.failed, signed, retried, logged', () => {
  const voicesDir = mkdtempSync(join(tmpdir(), 'chorus-voices-'));
  const VOICE = config.speech.defaultVoice;
  let api: RunningApi;
  let worker: AppProcess;

  beforeAll(async () => {
    // A second voice name the API lists but the worker cannot load: its jobs fail.
    const source = resolve(config.speech.voicesDir);
    for (const name of [VOICE, 'en_US-elsewhere-medium']) {
      symlinkSync(join(source, `${VOICE}.onnx`), join(voicesDir, `${name}.onnx`));
      symlinkSync(join(source, `${VOICE}.onnx.json`), join(voicesDir, `${name}.onnx.json`));
    }
    api = await startApi(3111, {
      CHORUS_VOICES_DIR: voicesDir,
      // The receiver runs on loopback: allowed explicitly, as an operator would.
      CHORUS_WEBHOOK_ALLOWED_PRIVATE: '127.0.0.1',
      CHORUS_WEBHOOK_BACKOFF_MS: '100',
      CHORUS_WEBHOOK_MAX_ATTEMPTS: '5',
    });
    worker = await startWorker('cpu:0', { CHORUS_MAX_ATTEMPTS: '1' });
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.process.stop();
    rmSync(voicesDir, { recursive: true, force: true });
  });

  it('delivers job.completed signed with the secret, after retrying a failing receiver', async () => {
    const hook = await receiver(2);
    const res = await api.fetch('/v1/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: hook.url, description: 'e2e' }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; secret: string; events: string[] };
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.events).toEqual(['job.completed', 'job.failed']);
    // The secret is shown once: the list does not carry it.
    const listed = (await (await api.fetch('/v1/webhooks')).json()) as { items: Record<string, unknown>[] };
    expect(listed.items.map((w) => w.id)).toContain(created.id);
    expect(listed.items.every((w) => !('secret' in w))).toBe(true);

    const job = (await (await submitText(api, { text: 'The harbour bell rang twice.' })).json()) as {
      id: string;
    };
    await waitForJob(api, job.id);
    const delivered = await until(() => hook.received.find((r) => r.answered === 200));
    expect(hook.received.map((r) => r.answered)).toEqual([500, 500, 200]);

    const event = JSON.parse(delivered.body) as { id: string; type: string; data: { jobId: string } };
    expect(event).toMatchObject({ type: 'chorus.job.completed.v1', data: { jobId: job.id } });
    const signature = delivered.headers['chorus-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyChorusSignature(signature, created.secret, delivered.body)).toBe(true);
    expect(verifyChorusSignature(signature, 'whsec_wrong', delivered.body)).toBe(false);
    expect(
      verifyChorusSignature(signature, created.secret, delivered.body.replace('completed', 'failed')),
    ).toBe(false);
    // Every attempt carried the same event id, to dedupe on.
    expect(new Set(hook.received.map((r) => r.headers['chorus-event-id']))).toEqual(new Set([event.id]));

    const log = await until(async () => {
      const body = (await (await api.fetch(`/v1/webhooks/${created.id}/deliveries`)).json()) as {
        items: { eventId: string; status: string; attempts: number; lastStatusCode: number }[];
      };
      return body.items.find((d) => d.eventId === event.id && d.status === 'delivered');
    });
    expect(log).toMatchObject({ attempts: 3, lastStatusCode: 200 });
    hook.server.close();
    expect((await api.fetch(`/v1/webhooks/${created.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('delivers job.failed with the reason', async () => {
    const hook = await receiver(0);
    const res = await api.fetch('/v1/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: hook.url, events: ['job.failed'] }),
    });
    const created = (await res.json()) as { id: string; secret: string };
    const job = (await (
      await submitText(api, { text: 'This voice is nowhere.', voice: 'en_US-elsewhere-medium' })
    ).json()) as { id: string };
    expect((await waitForJob(api, job.id)).status).toBe('failed');
    const delivered = await until(() => hook.received[0]);
    const event = JSON.parse(delivered.body) as { type: string; data: { jobId: string; reason: string } };
    expect(event).toMatchObject({ type: 'chorus.job.failed.v1', data: { jobId: job.id } });
    expect(event.data.reason).toMatch(/en_US-elsewhere-medium/);
    expect(
      verifyChorusSignature(delivered.headers['chorus-signature'] as string, created.secret, delivered.body),
    ).toBe(true);
    hook.server.close();
  });

  it('refuses non-http URLs and private targets outside the allow-list; owners only see their own', async () => {
    for (const url of [
      'ftp://example.com/x',
      'http://10.0.0.1/hook',
      'http://169.254.169.254/latest',
      'http://[::1]:80/x',
      'not a url',
    ]) {
      const res = await api.fetch('/v1/webhooks', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url }),
      });
      expect(res.status, url).toBe(422);
      expect(((await res.json()) as { code: string }).code).toBe('webhook_url_not_allowed');
    }
    const bad = await api.fetch('/v1/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/x', events: ['job.exploded'] }),
    });
    expect(bad.status).toBe(400);

    const mine = (await (
      await api.fetch('/v1/webhooks', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'http://127.0.0.1:9/x' }),
      })
    ).json()) as { id: string };
    const other = await api.newTenant();
    expect((await other.fetch(`/v1/webhooks/${mine.id}/deliveries`)).status).toBe(404);
    expect((await other.fetch(`/v1/webhooks/${mine.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${api.url}/v1/webhooks`)).status).toBe(401);
  });
});
