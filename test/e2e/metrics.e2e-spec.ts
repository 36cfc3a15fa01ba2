import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitText, waitForJob } from '../support/api-client';
import { startApi, startWorker, type AppProcess, type RunningApi } from '../support/processes';
import { testPort } from '../support/stack';

/** The value of the first series of `name` whose labels include `labels`. */
function sample(text: string, name: string, labels = ''): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels && !line.includes(labels)) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('Prometheus metrics on the API and the worker', () => {
  let api: RunningApi;
  let worker: AppProcess;
  const apiMetrics = `http://127.0.0.1:${testPort(3112)}/metrics`;
  const workerMetrics = `http://127.0.0.1:${testPort(3113)}/metrics`;

  beforeAll(async () => {
    api = await startApi(3114, { CHORUS_API_METRICS_PORT: String(testPort(3112)) });
    worker = await startWorker('cpu:0', { CHORUS_WORKER_METRICS_PORT: String(testPort(3113)) });
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.process.stop();
  });

  it('exposes jobs by status, backlogs, consumer lag, HTTP latency by route, RTF; the worker its batches', async () => {
    const res = await submitText(api, { text: 'Counting the boats as they come back in.' });
    const { id } = (await res.json()) as { id: string };
    await waitForJob(api, id);

    const text = await (await fetch(apiMetrics)).text();
    expect(sample(text, 'chorus_jobs', 'status="completed"')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'chorus_outbox_backlog')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'chorus_consumer_lag', 'group="synth-workers"')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'chorus_jobs_real_time_factor')).toBeGreaterThan(0);
    expect(
      sample(text, 'chorus_http_request_duration_seconds_count', 'route="/v1/jobs/:id",status="200"'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'chorus_http_request_duration_seconds_count', 'route="/v1/jobs",status="202"')).toBe(
      1,
    );
    // The public port does not serve them.
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);

    const w = await (await fetch(workerMetrics)).text();
    expect(sample(w, 'chorus_worker_segments_total', 'outcome="done"')).toBeGreaterThanOrEqual(1);
    expect(sample(w, 'chorus_worker_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(sample(w, 'chorus_worker_batch_seconds_count')).toBeGreaterThanOrEqual(1);
  });
});
