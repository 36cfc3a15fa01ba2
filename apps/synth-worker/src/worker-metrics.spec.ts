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
    sut.observeBatch('cpu:0', 'batch', ['done', 'done'], 0.3);

    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/chorus_worker_batch_size_sum\{device="cpu:0",lane="batch"\} 2/);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });

  it('starts no server for port 0', async () => {
    sut = new WorkerMetrics();
    expect(await sut.listen(0, '127.0.0.1')).toBe(0);
  });

  it('exposes passes, inference time, real-time factor, audio seconds and lag per partition', async () => {
    sut = new WorkerMetrics();
    sut.observePass('cpu:0', { items: 4, seconds: 0.5, audioSeconds: 10 });
    sut.observeBatch('cpu:0', 'interactive', ['done', 'done'], 0.7);
    sut.setConsumerLag('tts.segments', 3, 42);
    const text = await sut.registry.metrics();
    expect(text).toContain('chorus_worker_pass_items_bucket{le="4",device="cpu:0"} 1');
    expect(text).toContain('chorus_worker_inference_seconds_sum{device="cpu:0"} 0.5');
    expect(text).toContain('chorus_worker_real_time_factor_bucket{le="0.05",device="cpu:0"} 1');
    expect(text).toContain('chorus_worker_real_time_factor_bucket{le="0.02",device="cpu:0"} 0');
    expect(text).toContain('chorus_worker_audio_seconds_total{device="cpu:0"} 10');
    expect(text).toContain('chorus_worker_consumer_lag{topic="tts.segments",partition="3"} 42');
    expect(text).toContain('chorus_worker_batch_size_count{device="cpu:0",lane="interactive"} 1');
  });
});
