import { describe, expect, it } from 'vitest';
import { stack } from '../support/stack-control';
import { Fleet, JOBS, record, RUNS, seeded } from './fleet';

describe('fault 2: restart the Kafka broker during submissions and processing', () => {
  for (let run = 1; run <= RUNS; run++) {
    it(`run ${run}: jobs accepted before, during and after the restart all complete`, async () => {
      const random = seeded(200 + run);
      const fleet = await Fleet.start({ workers: 2 });
      const started = Date.now();
      try {
        await fleet.submitLoad(Math.ceil(JOBS * 0.6), random);
        await fleet.waitForProgress(0.2);
        const down = stack('down', 'kafka');
        // Submissions go on while the broker is away: the outbox holds their announcements.
        await fleet.submitLoad(Math.floor(JOBS * 0.2), random);
        await down;
        await fleet.submitLoad(JOBS - Math.ceil(JOBS * 0.6) - Math.floor(JOBS * 0.2), random);
        await stack('up', 'kafka');
        const back = new Date();
        const recovery = [await fleet.secondsUntilProgress(back)];
        const books = await fleet.settle();
        record({
          scenario: 'restart the Kafka broker',
          run,
          jobs: books.jobs,
          segments: books.segments,
          outcome: books.problems.length === 0 ? 'pass' : 'fail',
          recoverySeconds: recovery,
          totalSeconds: (Date.now() - started) / 1000,
        });
        expect(books.problems).toEqual([]);
        expect(books.completed).toBe(JOBS);
        expect(fleet.workers.every((w) => w.running)).toBe(true);
      } finally {
        await stack('up', 'kafka');
        await fleet.stop();
      }
    });
  }
});
