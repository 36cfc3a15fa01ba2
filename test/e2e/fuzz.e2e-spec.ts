import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../support/api-client';
import { startApi, TEST_ADMIN_KEY, type RunningApi } from '../support/processes';

/** How many generated requests (CHORUS_FUZZ_RUNS to change it; the issue asks for 10,000). */
const RUNS = Number(process.env.CHORUS_FUZZ_RUNS ?? 10_000);
const MAX_DOCUMENT_CHARS = 20_000;

interface HostileRequest {
  method: string;
  path: string;
  auth: 'tenant' | 'none' | 'garbage' | 'admin';
  body:
    | { kind: 'none' }
    | { kind: 'raw'; contentType: string; data: string }
    | { kind: 'form'; fields: [string, string][]; file?: { name: string; content: string } };
}

const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

// Text that tries to be something else: markup, script, SSML tricks, odd Unicode.
const injection = fc.constantFrom(
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '# Title\n\n[click](javascript:alert(1))\n\n<iframe src="//evil"></iframe>',
  '<speak><break time="99999999s"/></speak>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><speak>&e;</speak>',
  '\uE002\uE6FF\uE6FF\uE6FF\uE003 forged pause',
  '[[ ]]] [[ kˈɔː ]] [[',
  '\u202Eevil\u202C \u0000\u0007\u001b[31m red',
  '\uD800\uDFFF\uDBFF lone surrogates \uDC00',
  'Ж'.repeat(50),
  '😀'.repeat(30),
  '{{constructor.constructor("return process")()}}',
  "'; DROP TABLE jobs; --",
  '../../../../etc/passwd',
);
const text = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  injection,
  fc.lorem({ maxCount: 30 }),
);
const id = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom(
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '%2e%2e',
    '..',
    '%ZZ',
    'a'.repeat(3000),
    '%F0%9F%98%80',
    '%uD800',
  ),
);
const path = fc.oneof(
  fc.constantFrom(
    '/v1/jobs',
    '/v1/voices',
    '/v1/speech/preview',
    '/v1/lexicon',
    '/v1/admin/keys',
    '/v1',
    '/',
    '/health',
    '/ready',
    '/docs',
  ),
  id.map((i) => `/v1/jobs/${i}`),
  id.map((i) => `/v1/admin/keys/${i}`),
  fc
    .tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 }), fc.string({ maxLength: 12 }))
    .map(
      ([limit, cursor, status]) =>
        `/v1/jobs?limit=${encodeURIComponent(limit)}&cursor=${encodeURIComponent(cursor)}&status=${encodeURIComponent(status)}`,
    ),
  fc.webPath().map((p) => `/v1${p}`),
);
const jobLike = fc.record(
  {
    text: fc.oneof(text, fc.anything()),
    textType: fc.oneof(fc.constantFrom('text', 'ssml', 'html'), fc.anything()),
    voice: fc.oneof(fc.constantFrom('en_US-joe-medium', '../../etc/passwd', ''), fc.anything()),
    format: fc.oneof(fc.constantFrom('wav', 'mp3', 'flac'), fc.anything()),
    speed: fc.oneof(fc.double(), fc.constantFrom(0, -1, 1e308, 1), fc.anything()),
    title: fc.oneof(text, fc.anything()),
    metadata: fc.oneof(fc.object(), fc.anything()),
    lexicon: fc.oneof(
      fc.array(
        fc.record({
          grapheme: text,
          phoneme: fc.oneof(text, fc.constant(undefined)),
          alias: fc.oneof(text, fc.constant(undefined)),
        }),
      ),
      fc.anything(),
    ),
    entries: fc.array(fc.anything()),
    tenant: fc.oneof(fc.string(), fc.anything()),
    __proto__: fc.object(),
    constructor: fc.anything(),
  },
  { requiredKeys: [] },
);
const deepNesting = fc
  .integer({ min: 100, max: 50_000 })
  .map((depth) => '['.repeat(depth) + ']'.repeat(depth));
const oversized = fc.constant(
  JSON.stringify({ text: 'x'.repeat(MAX_DOCUMENT_CHARS * 6 + 1024 * 1024 + 10) }),
);
const rawBody = fc.oneof(
  { weight: 6, arbitrary: jobLike.map((b) => JSON.stringify(b)) },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 8 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: oversized },
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  '',
);
const fileName = fc.oneof(
  fc.constantFrom(
    'book.md',
    'page.html',
    'notes.txt',
    '../../etc/passwd',
    'x.pdf',
    '.md',
    'a.md\u0000.exe',
    'CON',
  ),
  fc.string({ maxLength: 30 }),
);
const body = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('raw' as const), contentType, data: rawBody }) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        kind: fc.constant('form' as const),
        fields: fc.array(
          fc.tuple(
            fc.constantFrom('voice', 'speed', 'lexicon', 'metadata', 'format', 'title', 'text', 'file', 'x'),
            text,
          ),
          { maxLength: 25 },
        ),
        file: fc.record({ name: fileName, content: fc.oneof(text, injection) }),
      },
      { requiredKeys: ['kind', 'fields'] },
    ),
  },
);
const chaos: fc.Arbitrary<HostileRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path,
  auth: fc.constantFrom('tenant', 'tenant', 'tenant', 'tenant', 'none', 'garbage', 'admin'),
  body,
});
// Mostly well-formed submissions with hostile text, so most requests reach the parsers.
const plausibleJob = fc.record(
  {
    text: text,
    textType: fc.constantFrom('text', 'ssml'),
    voice: fc.constantFrom(
      'en_US-joe-medium',
      'en_US-joe-medium',
      'en_US-joe-medium',
      'en_US-nobody-medium',
      '../x',
    ),
    speed: fc.oneof(fc.double({ min: 0.1, max: 5, noNaN: true }), fc.constant(1)),
    title: text,
    metadata: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
    lexicon: fc.array(fc.record({ grapheme: text, alias: text }), { maxLength: 2 }),
  },
  { requiredKeys: ['text', 'voice'] },
);
const submission: fc.Arbitrary<HostileRequest> = fc.record({
  method: fc.constant('POST'),
  path: fc.constantFrom('/v1/jobs', '/v1/jobs', '/v1/speech/preview'),
  auth: fc.constant('tenant' as const),
  body: fc.oneof(
    {
      weight: 4,
      arbitrary: plausibleJob.map((b) => ({
        kind: 'raw' as const,
        contentType: 'application/json',
        data: JSON.stringify(b),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('form' as const),
        fields: fc.constant<[string, string][]>([]),
        file: fc.record({
          name: fc.constantFrom('book.md', 'page.html', 'notes.txt', 'page.htm'),
          content: fc.oneof(text, injection),
        }),
      }),
    },
  ),
});
const request: fc.Arbitrary<HostileRequest> = fc.oneof(
  { weight: 1, arbitrary: chaos },
  { weight: 1, arbitrary: submission },
);

describe(`fuzz: ${RUNS} generated hostile requests at the running API`, () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi(3108, {
      CHORUS_MAX_DOCUMENT_CHARS: String(MAX_DOCUMENT_CHARS),
      CHORUS_TENANT_MAX_QUEUED_CHARS: '100000',
    });
  });

  afterAll(async () => {
    // No worker runs here; cancel what was accepted so later suites' workers skip it.
    if (api?.process.running) {
      for (;;) {
        const page = (await (await api.fetch('/v1/jobs?status=queued&limit=100')).json()) as {
          items: JobView[];
        };
        if (page.items.length === 0) break;
        for (const job of page.items) await api.fetch(`/v1/jobs/${job.id}`, { method: 'DELETE' });
      }
    }
    await api?.process.stop();
  });

  async function send(r: HostileRequest): Promise<Response> {
    const headers = new Headers();
    if (r.auth === 'tenant') headers.set('authorization', `Bearer ${api.key}`);
    if (r.auth === 'admin') headers.set('authorization', `Bearer ${TEST_ADMIN_KEY}`);
    if (r.auth === 'garbage') headers.set('x-api-key', 'chorus_' + 'A'.repeat(43));
    const init: RequestInit = { method: r.method, headers, signal: AbortSignal.timeout(30_000) };
    if (r.method !== 'GET' && r.method !== 'HEAD') {
      if (r.body.kind === 'raw') {
        if (r.body.contentType) headers.set('content-type', r.body.contentType);
        init.body = r.body.data;
      } else if (r.body.kind === 'form') {
        const form = new FormData();
        for (const [k, v] of r.body.fields) form.append(k, v);
        if (r.body.file) form.append('file', new Blob([r.body.file.content]), r.body.file.name);
        init.body = form;
      }
    }
    return fetch(`${api.url}${r.path}`, init);
  }

  it('answers every one with a status below 500, no stack trace, and keeps its memory', async () => {
    const statuses = new Map<number, number>();
    let baseline = 0;
    let count = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const res = await send(r);
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (++count === 1000) baseline = rssMiB(api.process.pid);
        expect(res.status, `${r.method} ${r.path}: ${text.slice(0, 300)}`).toBeLessThan(500);
        expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
        if (res.status >= 400 && r.method !== 'HEAD')
          expect(res.headers.get('content-type'), `${r.method} ${r.path}`).toMatch(
            /^application\/problem\+json/,
          );
      }),
      { numRuns: RUNS, seed: Number(process.env.CHORUS_FUZZ_SEED ?? 20261124), endOnFailure: true },
    );
    expect(api.process.running).toBe(true);
    expect(api.process.lines.filter((l) => /unhandled error/.test(l))).toEqual([]);
    await sleep(2000);
    const after = rssMiB(api.process.pid);
    console.log(
      `fuzz: ${count} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, API RSS ${baseline.toFixed(0)} MiB after 1,000 → ${after.toFixed(0)} MiB at the end`,
    );
    // Back to where it was once warm (allocator slack allowed), not growing with the request count.
    expect(after).toBeLessThan(baseline * 1.25 + 40);
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);
  });
});
