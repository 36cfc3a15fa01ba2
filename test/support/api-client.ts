import { setTimeout as sleep } from 'node:timers/promises';

export interface JobView {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  title: string | null;
  progress: { segmentsDone: number; segmentsTotal: number; percent: number; audioSeconds?: number };
  audio?: { url: string; format: string; durationSeconds: number; bytes: number; sha256: string };
  manifestUrl?: string;
  subtitles?: { vtt: string; srt: string };
  error?: string;
}

/** The API as one tenant sees it: every request carries that tenant's key. */
export interface ApiClient {
  url: string;
  tenant: string;
  key: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export function apiClient(url: string, tenant: string, key: string): ApiClient {
  return {
    url,
    tenant,
    key,
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${key}`);
      return fetch(`${url}${path}`, { ...init, headers });
    },
  };
}

export async function submitText(
  api: ApiClient,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return api.fetch('/v1/jobs', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export async function getJob(api: ApiClient, id: string): Promise<JobView> {
  const res = await api.fetch(`/v1/jobs/${id}`);
  if (!res.ok) throw new Error(`GET job ${id}: ${res.status} ${await res.text()}`);
  return (await res.json()) as JobView;
}

/** Polls until the job is in a final state. */
export async function waitForJob(api: ApiClient, id: string, timeoutMs = 180_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(api, id);
    if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') return job;
    if (Date.now() > deadline)
      throw new Error(`job ${id} still ${job.status} (${JSON.stringify(job.progress)})`);
    await sleep(500);
  }
}

export async function download(url: string): Promise<Buffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}
