import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { TOPICS } from '@chorus/contracts';
import { dataSourceOptions } from '@chorus/database';
import { submitText, waitForJob, type JobView } from '../support/api-client';
import { listen, type Listener } from '../support/event-listener';
import { sentencesInLogs } from '../support/log-scan';
import { startApi, startWorker, type AppProcess, type RunningApi } from '../support/processes';
import { config } from '../support/stack';

/**
 * A segment that fails every time: the job asks for a voice the API knows but the worker
 * does not have. After the configured attempts it must go to the dead-letter topic, the job
 * must fail with the reason, and the worker must go on serving other jobs.
 */
const POISON_TEXT = 'This voice is nowhere to be found. Neither is this one, in any of the rooms.';

describe('poison segments', () => {
  const voicesDir = mkdtempSync(join(tmpdir(), 'chorus-voices-'));
  const VOICE = config.speech.defaultVoice;
  let api: RunningApi;
  let worker: AppProcess;
  let dlq: Listener;
  let jobEvents: Listener;
  const db = new DataSource(dataSourceOptions(config.postgres));

  beforeAll(async () => {
    const source = resolve(config.speech.voicesDir);
    for (const name of [VOICE, 'en_US-elsewhere-medium']) {
      symlinkSync(join(source, `${VOICE}.onnx`), join(voicesDir, `${name}.onnx`));
      symlinkSync(join(source, `${VOICE}.onnx.json`), join(voicesDir, `${name}.onnx.json`));
    }
    await db.initialize();
    api = await startApi(3103, { CHORUS_VOICES_DIR: voicesDir });
    worker = await startWorker('cpu:0', { CHORUS_MAX_ATTEMPTS: '3' });
    jobEvents = await listen(TOPICS.jobEvents);
    dlq = await listen(TOPICS.segmentsDlq);
  });

  afterAll(async () => {
    await dlq?.close();
    await jobEvents?.close();
    await worker?.stop();
    await api?.process.stop();
    await db.destroy();
    rmSync(voicesDir, { recursive: true, force: true });
  });

  it('dead-letters a segment after N attempts, fails its job with the reason, and keeps serving', async () => {
    const res = await submitText(api, {
      text: POISON_TEXT,
      voice: 'en_US-elsewhere-medium',
    });
    expect(res.status).toBe(202);
    const poisoned = (await res.json()) as JobView;
    const failed = await waitForJob(api, poisoned.id, 120_000);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/failed after 3 attempts.*unknown voice "en_US-elsewhere-medium"/);

    const deadline = Date.now() + 30_000;
    while (!dlq.messages.some((m) => m.key?.toString().startsWith(poisoned.id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    const letter = dlq.messages.find((m) => m.key?.toString().startsWith(poisoned.id));
    expect(letter?.headers?.['x-chorus-attempts']?.toString()).toBe('3');
    expect(letter?.headers?.['x-chorus-reason']?.toString()).toMatch(/unknown voice/);

    const rows = await db.query<{ status: string; attempts: number }[]>(
      `SELECT status, attempts FROM segments WHERE job_id = $1 ORDER BY ordinal`,
      [poisoned.id],
    );
    expect(rows.some((r) => r.status === 'failed' && r.attempts === 3)).toBe(true);
    expect(rows.every((r) => r.status === 'failed' || r.status === 'skipped')).toBe(true);

    while (
      !jobEvents.events.some((e) => e.type === 'chorus.job.failed.v1' && e.data.jobId === poisoned.id) &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 200));
    const failures = new Set(
      jobEvents.events
        .filter((e) => e.type === 'chorus.job.failed.v1' && e.data.jobId === poisoned.id)
        .map((e) => e.id),
    );
    expect(failures.size).toBe(1);

    const healthy = (await (await submitText(api, { text: 'The worker is still here.' })).json()) as JobView;
    expect((await waitForJob(api, healthy.id, 120_000)).status).toBe('completed');
    expect(worker.running).toBe(true);
  });

  it('logs the failed passage masked, never whole', () => {
    const logs = [...worker.lines, ...api.process.lines];
    expect(logs.some((l) => /dead-lettering[\s\S]*chars masked/.test(l))).toBe(true);
    expect(sentencesInLogs(POISON_TEXT, logs)).toEqual([]);
  });
});
