import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Fleet, JOBS, record, RUNS, seeded } from './fleet';

describe('fault 1: kill -9 a worker in the middle of a batch, several times', () => {
  for (let run = 1; run <= RUNS; run++) {
    it(`run ${run}: every job completes whole, nothing lost or doubled`, async () => {
      const random = seeded(100 + run);
      const fleet = await Fleet.start({ workers: 2 });
      const started = Date.now();
      const recovery: number[] = [];
      try {
        await fleet.submitLoad(JOBS, random);
        for (const [i, share] of [0.15, 0.4, 0.65].entries()) {
          await fleet.waitForProgress(share);
          // Both workers are busy at this point; the victim dies with a batch in hand.
          const victim = fleet.workers[i % fleet.workers.length]!;
          await victim.stop('SIGKILL');
          fleet.workers = fleet.workers.filter((w) => w !== victim);
          await sleep(500 + random() * 1500);
          await fleet.addWorker();
          recovery.push(await fleet.secondsUntilProgress(new Date()));
        }
        const books = await fleet.settle();
        record({
          scenario: 'kill -9 a worker mid-batch (3 times)',
          run,
          jobs: books.jobs,
          segments: books.segments,
          outcome: books.problems.length === 0 ? 'pass' : 'fail',
          recoverySeconds: recovery,
          totalSeconds: (Date.now() - started) / 1000,
        });
        expect(books.problems).toEqual([]);
        expect(books.completed).toBe(JOBS);
      } finally {
        await fleet.stop();
      }
    });
  }
});
