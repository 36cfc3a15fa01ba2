import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { stack } from '../support/stack-control';
import { Fleet, JOBS, record, RUNS, seeded } from './fleet';

describe('fault 3: stop MinIO for 20 s while workers upload', () => {
  for (let run = 1; run <= RUNS; run++) {
    it(`run ${run}: uploads wait and retry, every job completes whole`, async () => {
      const random = seeded(300 + run);
      const fleet = await Fleet.start({ workers: 2 });
      const started = Date.now();
      try {
        await fleet.submitLoad(JOBS, random);
        await fleet.waitForProgress(0.25);
        await stack('down', 'minio');
        await sleep(20_000);
        await stack('up', 'minio');
        const recovery = [await fleet.secondsUntilProgress(new Date())];
        const books = await fleet.settle();
        const retries = fleet.workers
          .flatMap((w) => w.lines)
          .filter((l) => /retry \d+ in \d+ ms/.test(l)).length;
        record({
          scenario: 'stop MinIO for 20 s',
          run,
          jobs: books.jobs,
          segments: books.segments,
          outcome: books.problems.length === 0 ? 'pass' : 'fail',
          recoverySeconds: recovery,
          totalSeconds: (Date.now() - started) / 1000,
          notes: `${retries} logged retries`,
        });
        expect(books.problems).toEqual([]);
        expect(books.completed).toBe(JOBS);
        // The outage was felt and ridden out, not dead-lettered.
        expect(retries).toBeGreaterThan(0);
        expect(fleet.workers.every((w) => w.running)).toBe(true);
      } finally {
        await stack('up', 'minio');
        await fleet.stop();
      }
    });
  }
});
