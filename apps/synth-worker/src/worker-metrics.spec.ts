import { describe, expect, it } from 'vitest';
import { WorkerMetrics } from './worker-metrics';

describe(WorkerMetrics.name, () => {
  it('exposes passes, inference time, real-time factor, audio seconds and lag per partition', async () => {
    const sut = new WorkerMetrics();
    sut.observePass('cpu:0', { items: 4, seconds: 0.5, audioSeconds: 10 });
    sut.observeBatch('cpu:0', ['done', 'done'], 0.7);
    sut.setConsumerLag('tts.segments', 3, 42);
    const text = await sut.registry.metrics();
    expect(text).toContain('chorus_worker_pass_items_bucket{le="4",device="cpu:0"} 1');
    expect(text).toContain('chorus_worker_inference_seconds_sum{device="cpu:0"} 0.5');
    expect(text).toContain('chorus_worker_real_time_factor_bucket{le="0.05",device="cpu:0"} 1');
    expect(text).toContain('chorus_worker_real_time_factor_bucket{le="0.02",device="cpu:0"} 0');
    expect(text).toContain('chorus_worker_audio_seconds_total{device="cpu:0"} 10');
    expect(text).toContain('chorus_worker_consumer_lag{topic="tts.segments",partition="3"} 42');
    expect(text).toContain('chorus_worker_batch_size_count{device="cpu:0"} 1');
  });
});
