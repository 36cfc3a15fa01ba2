import { mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TOPICS } from '@chorus/contracts';
import { submitText, type JobView } from '../support/api-client';
import { listen } from '../support/event-listener';
import { config } from '../support/stack';
import { Fleet, JOBS, record, RUNS, seeded } from './fleet';

const POISON_VOICE = 'en_US-elsewhere-medium';

/** A voices directory where the API also knows a voice that no worker has: its segments always fail. */
function voicesWithPoison(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-poison-voices-'));
  const source = resolve(config.speech.voicesDir);
  const voice = config.speech.defaultVoice;
  for (const name of [voice, POISON_VOICE]) {
    symlinkSync(join(source, `${voice}.onnx`), join(dir, `${name}.onnx`));
    symlinkSync(join(source, `${voice}.onnx.json`), join(dir, `${name}.onnx.json`));
  }
  writeFileSync(join(dir, 'SHA256SUMS'), readFileSync(join(source, 'SHA256SUMS')));
  return dir;
}

describe('fault 7: poison segments under load', () => {
  for (let run = 1; run <= RUNS; run++) {
    it(`run ${run}: dead-lettered after N attempts, the job fails with the reason, the others complete`, async () => {
      const random = seeded(700 + run);
      const voices = voicesWithPoison();
      const dlq = await listen(TOPICS.segmentsDlq);
      const fleet = await Fleet.start({ workers: 2, apiEnv: { CHORUS_VOICES_DIR: voices } });
      const started = Date.now();
      try {
        await fleet.submitLoad(Math.floor(JOBS / 2), random);
        const poisoned: string[] = [];
        for (let i = 0; i < 2; i++) {
          const res = await submitText(fleet.api, {
            text: 'Nobody here can read this voice.',
            voice: POISON_VOICE,
          });
          const job = (await res.json()) as JobView;
          fleet.expected.set(job.id, 'failed');
          poisoned.push(job.id);
        }
        await fleet.submitLoad(JOBS - Math.floor(JOBS / 2), random);
        const books = await fleet.settle();
        for (
          let i = 0;
          i < 40 && poisoned.some((id) => !dlq.messages.some((m) => m.key?.toString().startsWith(id)));
          i++
        )
          await sleep(250);
        const letters = dlq.messages.filter((m) => poisoned.some((id) => m.key?.toString().startsWith(id)));
        const errors = await fleet.db.query<{ error: string }[]>(
          `SELECT error FROM jobs WHERE id = ANY($1::uuid[])`,
          [poisoned],
        );
        record({
          scenario: 'poison segments (a voice no worker has)',
          run,
          jobs: books.jobs,
          segments: books.segments,
          outcome: books.problems.length === 0 && letters.length === 2 ? 'pass' : 'fail',
          recoverySeconds: [],
          totalSeconds: (Date.now() - started) / 1000,
          notes: `${letters.length} dead letters`,
        });
        expect(books.problems).toEqual([]);
        expect(books.completed).toBe(JOBS);
        expect(books.failed).toBe(2);
        expect(letters).toHaveLength(2);
        for (const letter of letters)
          expect(letter.headers?.['x-chorus-attempts']?.toString()).toBe(String(config.worker.maxAttempts));
        expect(errors.every((e) => /unknown voice/.test(e.error))).toBe(true);
        expect(fleet.workers.every((w) => w.running)).toBe(true);
      } finally {
        await dlq.close();
        await fleet.stop();
        rmSync(voices, { recursive: true, force: true });
      }
    });
  }
});
