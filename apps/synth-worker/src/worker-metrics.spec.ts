import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerMetrics } from './worker-metrics';

/** A port nobody listens on right now (the metrics server treats 0 as "off"). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe(WorkerMetrics.name, () => {
  let sut: WorkerMetrics;

  afterEach(async () => {
    await sut.close();
  });

  it('answers /health at once and /ready only while ready', async () => {
    sut = new WorkerMetrics();
    const port = await sut.listen(await freePort(), '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/ready`)).status).toBe(503);

    sut.setReady(true);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    sut.setReady(false);
    expect((await fetch(`${base}/ready`)).status).toBe(503);
  });

  it('serves the batch metrics on /metrics and nothing else', async () => {
    sut = new WorkerMetrics();
    const port = await sut.listen(await freePort(), '127.0.0.1');
    sut.observeBatch('cpu:0', ['done', 'done'], 0.3);

    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/chorus_worker_batch_size_sum\{device="cpu:0"\} 2/);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });

  it('starts no server for port 0', async () => {
    sut = new WorkerMetrics();
    expect(await sut.listen(0, '127.0.0.1')).toBe(0);
  });
});
