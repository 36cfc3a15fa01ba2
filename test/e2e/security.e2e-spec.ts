import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@chorus/database';
import {
  apiClient,
  download,
  submitText,
  waitForJob,
  type ApiClient,
  type JobView,
} from '../support/api-client';
import {
  startApi,
  startWorker,
  TEST_ADMIN_KEY,
  type AppProcess,
  type RunningApi,
} from '../support/processes';
import { config } from '../support/stack';

const ROOT = resolve(__dirname, '../..');

type Caller = 'tenantA' | 'tenantB' | 'noKey' | 'revoked' | 'admin';

interface Endpoint {
  name: string;
  method: string;
  path: (jobId: string, keyId: string) => string;
  body?: unknown;
  /** Status per caller. */
  expect: Record<Caller, number>;
}

const TENANT_ONLY = { noKey: 401, revoked: 401, admin: 403 } as const;
const ADMIN_ONLY = { tenantA: 403, tenantB: 403, noKey: 401, revoked: 401 } as const;

/** Every endpoint, every kind of caller. Tenant B must not learn that A's job exists (404). */
const MATRIX: Endpoint[] = [
  {
    name: 'submit',
    method: 'POST',
    path: () => '/v1/jobs',
    body: { text: 'Hello.' },
    expect: { tenantA: 202, tenantB: 202, ...TENANT_ONLY },
  },
  {
    name: 'list',
    method: 'GET',
    path: () => '/v1/jobs',
    expect: { tenantA: 200, tenantB: 200, ...TENANT_ONLY },
  },
  {
    name: "read A's job",
    method: 'GET',
    path: (id) => `/v1/jobs/${id}`,
    expect: { tenantA: 200, tenantB: 404, ...TENANT_ONLY },
  },
  {
    name: "cancel A's job",
    method: 'DELETE',
    path: (id) => `/v1/jobs/${id}`,
    expect: { tenantA: 200, tenantB: 404, ...TENANT_ONLY },
  },
  {
    name: 'voices',
    method: 'GET',
    path: () => '/v1/voices',
    expect: { tenantA: 200, tenantB: 200, ...TENANT_ONLY },
  },
  {
    name: 'preview',
    method: 'POST',
    path: () => '/v1/speech/preview',
    body: { text: 'Hi there.' },
    expect: { tenantA: 200, tenantB: 200, ...TENANT_ONLY },
  },
  {
    name: 'read lexicon',
    method: 'GET',
    path: () => '/v1/lexicon',
    expect: { tenantA: 200, tenantB: 200, ...TENANT_ONLY },
  },
  {
    name: 'write lexicon',
    method: 'PUT',
    path: () => '/v1/lexicon',
    body: { entries: [] },
    expect: { tenantA: 200, tenantB: 200, ...TENANT_ONLY },
  },
  {
    name: 'create key',
    method: 'POST',
    path: () => '/v1/admin/keys',
    body: { tenant: 'matrix-x' },
    expect: { admin: 201, ...ADMIN_ONLY },
  },
  { name: 'list keys', method: 'GET', path: () => '/v1/admin/keys', expect: { admin: 200, ...ADMIN_ONLY } },
  {
    name: 'revoke key',
    method: 'DELETE',
    path: (_, key) => `/v1/admin/keys/${key}`,
    expect: { admin: 200, ...ADMIN_ONLY },
  },
  {
    name: 'health',
    method: 'GET',
    path: () => '/health',
    expect: { tenantA: 200, tenantB: 200, noKey: 200, revoked: 200, admin: 200 },
  },
  {
    name: 'ready',
    method: 'GET',
    path: () => '/ready',
    expect: { tenantA: 200, tenantB: 200, noKey: 200, revoked: 200, admin: 200 },
  },
];

function keys(cli: string[]): { status: number; stdout: string; stderr: string } {
  const res = spawnSync(
    process.execPath,
    [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'tools/keys.ts', ...cli],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return { status: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

describe('access: API keys, tenants and the authorization matrix', () => {
  let api: RunningApi;
  let b: ApiClient;

  beforeAll(async () => {
    api = await startApi(3106);
    b = await api.newTenant();
  });
  afterAll(async () => {
    await api?.process.stop();
  });

  const admin = () => apiClient(api.url, 'admin', TEST_ADMIN_KEY);

  it('answers every endpoint as the matrix says for tenant A, tenant B, no key, a revoked key and the admin key', async () => {
    const revokedClient = await api.newTenant();
    const keyId = (
      (await (await admin().fetch('/v1/admin/keys')).json()) as { items: { id: string; tenant: string }[] }
    ).items.find((k) => k.tenant === revokedClient.tenant)!.id;
    expect((await admin().fetch(`/v1/admin/keys/${keyId}`, { method: 'DELETE' })).status).toBe(200);

    const callers: Record<Caller, (path: string, init: RequestInit) => Promise<Response>> = {
      tenantA: (p, i) => api.fetch(p, i),
      tenantB: (p, i) => b.fetch(p, i),
      noKey: (p, i) => fetch(`${api.url}${p}`, i),
      revoked: (p, i) => revokedClient.fetch(p, i),
      admin: (p, i) => admin().fetch(p, i),
    };
    const outcomes: string[] = [];
    const failures: string[] = [];
    for (const caller of Object.keys(callers) as Caller[]) {
      for (const endpoint of MATRIX) {
        // A fresh job of A's and a fresh key for each call, so cancels and revokes have something to act on.
        const job = (await (await submitText(api, { text: 'A private memo.' })).json()) as JobView;
        const fresh = (await (
          await admin().fetch('/v1/admin/keys', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ tenant: 'matrix-victim' }),
          })
        ).json()) as { id: string };
        const init: RequestInit = { method: endpoint.method };
        if (endpoint.body !== undefined) {
          init.body = JSON.stringify(endpoint.body);
          init.headers = { 'content-type': 'application/json' };
        }
        const res = await callers[caller](endpoint.path(job.id, fresh.id), init);
        const line = `${caller.padEnd(8)} ${endpoint.name.padEnd(16)} ${res.status}`;
        outcomes.push(line);
        if (res.status !== endpoint.expect[caller])
          failures.push(`${line}, expected ${endpoint.expect[caller]}`);
        if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        if (res.status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
    expect(failures, outcomes.join('\n')).toEqual([]);
  });

  it("lists only the tenant's own jobs", async () => {
    const mine = (await (await submitText(b, { text: 'Only for B.' })).json()) as JobView;
    const aList = (await (await api.fetch('/v1/jobs?limit=100')).json()) as { items: JobView[] };
    const bList = (await (await b.fetch('/v1/jobs?limit=100')).json()) as { items: JobView[] };
    expect(bList.items.map((j) => j.id)).toContain(mine.id);
    expect(aList.items.map((j) => j.id)).not.toContain(mine.id);
    await b.fetch(`/v1/jobs/${mine.id}`, { method: 'DELETE' });
  });

  it('shows a key once and stores only its hash', async () => {
    const created = (await (
      await admin().fetch('/v1/admin/keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'hash-check', name: 'once' }),
      })
    ).json()) as { id: string; key: string; prefix: string };
    expect(created.key).toMatch(/^chorus_[A-Za-z0-9_-]{43}$/);
    const listed = JSON.stringify(await (await admin().fetch('/v1/admin/keys?tenant=hash-check')).json());
    expect(listed).toContain(created.prefix);
    expect(listed).not.toContain(created.key);
    const db = new DataSource(dataSourceOptions(config.postgres));
    await db.initialize();
    try {
      const rows = await db.query<{ row: string }[]>(
        `SELECT row_to_json(k)::text AS row FROM api_keys k WHERE id = $1`,
        [created.id],
      );
      expect(rows[0]!.row).not.toContain(created.key.slice(13));
    } finally {
      await db.destroy();
    }
  });

  it('creates, lists and revokes keys from the command line', async () => {
    const created = keys(['create', '--tenant', 'cli-tenant', '--name', 'from the CLI', '--json']);
    expect(created.status, created.stderr).toBe(0);
    const issued = JSON.parse(created.stdout) as { id: string; key: string };
    const client = apiClient(api.url, 'cli-tenant', issued.key);
    expect((await client.fetch('/v1/jobs')).status).toBe(200);
    expect(keys(['list', '--tenant', 'cli-tenant']).stdout).toContain(issued.id);
    expect(keys(['revoke', issued.id]).status).toBe(0);
    // Every request checks the key store: revocation holds at once, on every replica.
    expect((await client.fetch('/v1/jobs')).status).toBe(401);
    expect(keys(['create', '--tenant', 'Not A Tenant!']).status).toBe(2);
    expect(keys(['frobnicate']).status).toBe(2);
  });
});

describe('hostile requests: headers, CORS, XML entities', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi(3106, { CHORUS_CORS_ORIGINS: 'https://app.example' });
  });
  afterAll(async () => {
    await api?.process.stop();
  });

  it('sends security headers and no framework banner', async () => {
    const res = await api.fetch('/v1/voices');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('allows browser calls from the listed origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/v1/jobs`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('https://app.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never resolves XML entities in SSML (no XXE, no billion laughs)', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE speak [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><speak>&xxe;</speak>`;
    const laughs = `<!DOCTYPE speak [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><speak>&b;&b;&b;</speak>`;
    for (const text of [xxe, laughs]) {
      const res = await submitText(api, { text, textType: 'ssml' });
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toMatch(/invalid_ssml/);
      expect(body).not.toMatch(/root:|haha/);
    }
  });

  it('refuses text outside the voice language with the characters named', async () => {
    const res = await submitText(api, { text: 'Hello Жук, hello 😀.' });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { code: string; characters: { codePoint: string }[] };
    expect(problem.code).toBe('text_script_not_allowed');
    expect(problem.characters.map((c) => c.codePoint)).toEqual(['U+0416', 'U+0443', 'U+043A', 'U+1F600']);
  });
});

describe('rate limits and the queued-character cap', () => {
  const db = new DataSource(dataSourceOptions(config.postgres));
  beforeAll(async () => {
    await db.initialize();
  });
  afterAll(async () => {
    await db.destroy();
  });
  const resetCounters = () => db.query(`DELETE FROM rate_limits`);

  it('limits requests per IP across two API replicas, with Retry-After, and ignores a spoofed X-Forwarded-For', async () => {
    await resetCounters();
    // 6 requests per 6 s window per IP; two replicas share the PostgreSQL counters.
    const env = {
      CHORUS_RATE_LIMIT_IP: '1',
      CHORUS_RATE_LIMIT_WINDOW_SECONDS: '6',
      CHORUS_RATE_LIMIT_KEY: '0',
    };
    const one = await startApi(3106, env);
    const two = await startApi(3107, env);
    try {
      // Creating the tenants' keys used two requests of the window already.
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 12; i++) {
        const replica = i % 2 === 0 ? one : two;
        const res = await replica.fetch('/v1/voices', { headers: { 'x-forwarded-for': `203.0.113.${i}` } });
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter = res.headers.get('retry-after');
          expect(((await res.json()) as { code: string }).code).toBe('rate_limited');
        }
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(4);
      expect(statuses.filter((s) => s === 429)).toHaveLength(8);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(6);
      // /health and /ready stay reachable for probes.
      expect((await fetch(`${one.url}/health`)).status).toBe(200);
    } finally {
      await one.process.stop();
      await two.process.stop();
    }
  });

  it('limits each key on its own', async () => {
    await resetCounters();
    const api = await startApi(3106, {
      CHORUS_RATE_LIMIT_IP: '0',
      CHORUS_RATE_LIMIT_KEY: '1',
      CHORUS_RATE_LIMIT_WINDOW_SECONDS: '3',
    });
    try {
      const other = await api.newTenant();
      const mine = [];
      for (let i = 0; i < 5; i++) mine.push((await api.fetch('/v1/voices')).status);
      expect(mine).toEqual([200, 200, 200, 429, 429]);
      expect((await other.fetch('/v1/voices')).status).toBe(200);
    } finally {
      await api.process.stop();
    }
  });

  it("caps one tenant's queued characters without touching the others", async () => {
    const api = await startApi(3106, { CHORUS_TENANT_MAX_QUEUED_CHARS: '1000' });
    try {
      const other = await api.newTenant();
      const text = (n: number) => `${'Word '.repeat(n / 5).trim()}.`;
      const first = await submitText(api, { text: text(600) });
      expect(first.status).toBe(202);
      const second = await submitText(api, { text: text(600) });
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBeTruthy();
      const problem = (await second.json()) as { code: string; queuedChars: number; capChars: number };
      expect(problem).toMatchObject({ code: 'quota_exceeded', capChars: 1000 });
      expect(problem.queuedChars).toBeGreaterThanOrEqual(600);
      expect((await submitText(other, { text: text(600) })).status).toBe(202);
      const tooBig = await submitText(api, { text: text(1500) });
      expect(tooBig.status).toBe(413);
      // Cancelling frees the queue.
      const job = (await first.json()) as JobView;
      expect((await api.fetch(`/v1/jobs/${job.id}`, { method: 'DELETE' })).status).toBe(200);
      const third = await submitText(api, { text: text(600) });
      expect(third.status).toBe(202);
      for (const res of [third])
        await api.fetch(`/v1/jobs/${((await res.json()) as JobView).id}`, { method: 'DELETE' });
      const others = (await (await other.fetch('/v1/jobs')).json()) as { items: JobView[] };
      for (const j of others.items) await other.fetch(`/v1/jobs/${j.id}`, { method: 'DELETE' });
    } finally {
      await api.process.stop();
    }
  });
});

describe('audio links and model integrity', () => {
  let api: RunningApi;
  let worker: AppProcess;

  beforeAll(async () => {
    api = await startApi(3106, { CHORUS_PRESIGN_SECONDS: '3' });
    worker = await startWorker('cpu:0');
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.process.stop();
  });

  it('hands out presigned links that expire, on unguessable keys, in a private bucket', async () => {
    const job = (await (await submitText(api, { text: 'Short and sweet.' })).json()) as JobView;
    expect(job.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const done = await waitForJob(api, job.id);
    expect(done.status).toBe('completed');
    const url = done.audio!.url;
    expect((await download(url)).length).toBeGreaterThan(44);
    const bare = url.split('?')[0]!;
    expect((await fetch(bare)).status).toBe(403);
    const other = new URL(url);
    other.pathname = other.pathname.replace(job.id, '00000000-0000-4000-8000-000000000000');
    expect((await fetch(other)).status).toBe(403);
    await sleep(4500);
    expect((await fetch(url)).status).toBe(403);
  });

  it('a worker refuses to start with a model that does not match its pinned checksum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-tampered-'));
    try {
      const voice = config.speech.defaultVoice;
      const source = resolve(ROOT, config.speech.voicesDir);
      copyFileSync(join(source, `${voice}.onnx`), join(dir, `${voice}.onnx`));
      copyFileSync(join(source, `${voice}.onnx.json`), join(dir, `${voice}.onnx.json`));
      writeFileSync(join(dir, 'SHA256SUMS'), readFileSync(join(source, 'SHA256SUMS')));
      writeFileSync(join(dir, `${voice}.onnx`), Buffer.from([1, 2, 3]), { flag: 'a' });
      const tampered = startWorker('cpu:0', { CHORUS_VOICES_DIR: dir });
      await expect(tampered).rejects.toThrow(/sha256[\s\S]*refusing to load it/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
