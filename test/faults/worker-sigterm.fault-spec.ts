import { describe, expect, it } from 'vitest';
import { Fleet, JOBS, record, RUNS, seeded } from './fleet';

describe('fault 6: SIGTERM a worker', () => {
  for (let run = 1; run <= RUNS; run++) {
    it(`run ${run}: it finishes its batch, commits and leaves; nothing is redone`, async () => {
      const random = seeded(600 + run);
      const fleet = await Fleet.start({ workers: 2 });
      const started = Date.now();
      try {
        await fleet.submitLoad(JOBS, random);
        await fleet.waitForProgress(0.3);
        const leaving = fleet.workers[0]!;
        const signalled = Date.now();
        await leaving.stop('SIGTERM', 120_000);
        // Nest re-raises the signal once its shutdown hooks are done: a clean exit by SIGTERM,
        // not the SIGKILL that stop() sends after its timeout.
        const graceful = leaving.exitSignal === 'SIGTERM' || leaving.exitCode === 0;
        const drainSeconds = (Date.now() - signalled) / 1000;
        fleet.workers = fleet.workers.slice(1);
        const recovery = [await fleet.secondsUntilProgress(new Date())];
        const books = await fleet.settle();
        // Every segment was synthesized exactly once: the leaver committed all it finished,
        // and what it had not started went to the other worker untouched.
        const redone = await fleet.db.query<{ job_id: string; ordinal: number; attempts: number }[]>(
          `SELECT job_id, ordinal, attempts FROM segments WHERE job_id = ANY($1::uuid[]) AND attempts <> 1`,
          [[...fleet.expected.keys()]],
        );
        record({
          scenario: 'SIGTERM a worker',
          run,
          jobs: books.jobs,
          segments: books.segments,
          outcome: books.problems.length === 0 && redone.length === 0 && graceful ? 'pass' : 'fail',
          recoverySeconds: recovery,
          totalSeconds: (Date.now() - started) / 1000,
          notes: `left in ${drainSeconds.toFixed(1)} s; ${redone.length} segment(s) redone`,
        });
        expect(graceful).toBe(true);
        expect(leaving.lines.some((l) => /stopped: \d+ segments acknowledged/.test(l))).toBe(true);
        expect(redone).toEqual([]);
        expect(books.problems).toEqual([]);
        expect(books.completed).toBe(JOBS);
      } finally {
        await fleet.stop();
      }
    });
  }
});
