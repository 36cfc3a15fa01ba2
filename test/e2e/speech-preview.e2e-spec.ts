import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '@chorus/speech';
import { download, submitText, waitForJob, type ApiClient, type JobView } from '../support/api-client';
import { startApi, startWorker, type AppProcess, type RunningApi } from '../support/processes';

interface Preview {
  voice: string;
  spoken: string;
  phonemes: string[];
  segments: { ordinal: number; text: string; heading: boolean; spoken: string; phonemes: string[] }[];
}

async function preview(api: ApiClient, body: unknown): Promise<Response> {
  return api.fetch('/v1/speech/preview', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('POST /v1/speech/preview and pronunciation in jobs', () => {
  let api: RunningApi;
  let worker: AppProcess;

  beforeAll(async () => {
    api = await startApi(3105);
    worker = await startWorker('cpu:0');
  });

  afterAll(async () => {
    await api.fetch(`/v1/lexicon`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"entries":[]}',
    });
    await worker?.stop();
    await api?.process.stop();
  });

  it('shows the normalized spoken text, the segments and the phonemes', async () => {
    const res = await preview(api, { text: 'Dr. Smith paid $3.50 on 12 May 1895. It was 45% cheaper.' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Preview;
    expect(body.voice).toBe('en_US-joe-medium');
    expect(body.spoken).toContain('Doctor Smith');
    expect(body.spoken).toContain('three dollars and fifty cents');
    expect(body.spoken).toContain('forty-five percent');
    expect(body.spoken).not.toMatch(/\d|\$|%/);
    expect(body.phonemes.length).toBeGreaterThanOrEqual(2);
    expect(body.phonemes.join(' ')).toMatch(/dˈɑːlɚz/);
    expect(body.segments[0]?.phonemes.length).toBeGreaterThan(0);
  });

  it('applies a lexicon: raw phonemes and aliases', async () => {
    const res = await preview(api, {
      text: 'Chorus reads the W3C spec.',
      lexicon: [
        { grapheme: 'chorus', phoneme: 'kˈɔːɹəs' },
        { grapheme: 'W3C', alias: 'World Wide Web Consortium' },
      ],
    });
    const body = (await res.json()) as Preview;
    expect(body.spoken).toContain('[[ kˈɔːɹəs ]]');
    expect(body.spoken).toContain('World Wide Web Consortium');
    expect(body.phonemes[0]).toMatch(/^kˈɔːɹəs ɹˈiːdz/);
  });

  it('reads numbering in headings as a heading reads', async () => {
    const res = await preview(api, { text: 'Chapter IV\n\nThe story goes on.' });
    const body = (await res.json()) as Preview;
    expect(body.segments.length).toBe(2);
    expect(body.segments[0]?.spoken.toLowerCase()).toContain('chapter four');
  });

  it('refuses what it cannot preview with a problem', async () => {
    for (const [body, status] of [
      [{ text: '' }, 400],
      [{ text: 'hi', voice: 'xx_XX-none-low' }, 400],
      [{ text: 'x'.repeat(10_001) }, 400],
      [{ text: 'hi', lexicon: [{ grapheme: 'hi' }] }, 400],
      [{ text: 'hi', extra: true }, 400],
    ] as const) {
      const res = await preview(api, body);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('a job with a lexicon and numbers is narrated with them', async () => {
    const res = await submitText(api, {
      text: 'Chorus cost $3.50 in 1999.',
      lexicon: [{ grapheme: 'chorus', phoneme: 'kˈɔːɹəs' }],
    });
    expect(res.status).toBe(202);
    const job = (await res.json()) as JobView;
    expect((await waitForJob(api, job.id)).status).toBe('completed');
    const bad = await submitText(api, { text: 'x', lexicon: [{ grapheme: 'x', phoneme: 'a]]b' }] });
    expect(bad.status).toBe(400);
  });

  it('narrates an SSML job: breaks are real silence; unsupported markup is refused, not read', async () => {
    const ssml =
      '<speak><p><s>Before the pause</s><break time="2s"/><s>After it</s></p><p><say-as interpret-as="characters">SQL</say-as> is <sub alias="fun">great</sub>.</p></speak>';
    const res = await submitText(api, { text: ssml, textType: 'ssml' });
    expect(res.status).toBe(202);
    const job = await waitForJob(api, ((await res.json()) as JobView).id);
    expect(job.status).toBe('completed');
    const audio = decodeWav(await download(job.audio!.url));
    let longest = 0;
    let run = 0;
    for (const s of audio.samples) {
      run = s === 0 ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeGreaterThanOrEqual(2 * audio.sampleRate);
    const vtt = (await download(job.subtitles!.vtt)).toString();
    expect(vtt).toContain('Before the pause.');
    expect(vtt).not.toMatch(/[\uE000-\uE6FF]/);

    for (const [text, detail] of [
      ['<speak><audio src="https://example.com/a.mp3"/></speak>', /<audio> is not supported/],
      [
        '<?xml version="1.0"?><!DOCTYPE speak [<!ENTITY x SYSTEM "file:///etc/passwd">]><speak>&x;</speak>',
        /DOCTYPE|well-formed/,
      ],
      ['<speak>unclosed', /well-formed/],
    ] as const) {
      const bad = await submitText(api, { text, textType: 'ssml' });
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { code: string; detail: string };
      expect(body.code).toBe('invalid_ssml');
      expect(body.detail).toMatch(detail);
    }
  });

  it("keeps an owner lexicon that applies to later jobs and previews, under a job's own entries", async () => {
    const put = await api.fetch(`/v1/lexicon`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        entries: [
          { grapheme: 'Zyx', alias: 'zix' },
          { grapheme: 'quux', alias: 'kwucks' },
        ],
      }),
    });
    expect(put.status).toBe(200);
    expect(((await (await api.fetch(`/v1/lexicon`)).json()) as { entries: unknown[] }).entries).toHaveLength(
      2,
    );
    const owner = (await (await preview(api, { text: 'Zyx and quux.' })).json()) as Preview;
    expect(owner.spoken).toBe('zix and kwucks.');
    const overridden = (await (
      await preview(api, { text: 'Zyx and quux.', lexicon: [{ grapheme: 'quux', alias: 'kwooks' }] })
    ).json()) as Preview;
    expect(overridden.spoken).toBe('zix and kwooks.');
    const bad = await api.fetch(`/v1/lexicon`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entries: [{ grapheme: 'x' }] }),
    });
    expect(bad.status).toBe(400);
  });

  it('speaks SSML prosody rate where it is asked for, not elsewhere', async () => {
    const same = 'Every word here is the same.';
    const ssml = `<speak><p><s>${same}</s><s><prosody rate="50%">${same}</prosody></s><s>${same}</s></p></speak>`;
    const res = await submitText(api, { text: ssml, textType: 'ssml' });
    const job = await waitForJob(api, ((await res.json()) as JobView).id);
    expect(job.status).toBe('completed');
    const manifest = JSON.parse((await download(job.manifestUrl!)).toString()) as {
      segments: { sentences: { start: number; end: number }[] }[];
    };
    const [normal, slow, after] = manifest.segments.flatMap((s) => s.sentences).map((s) => s.end - s.start);
    expect(slow! / normal!).toBeGreaterThan(1.6);
    expect(Math.abs(after! - normal!) / normal!).toBeLessThan(0.1);
  });
});
