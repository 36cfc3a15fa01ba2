import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { submitText, type JobView } from '../support/api-client';
import { stack } from '../support/stack-control';
import { documentText, Fleet, JOBS, record, RUNS, seeded } from './fleet';

interface Probe {
  status: number;
  ms: number;
  retryAfter: string | null;
}

describe('fault 4: stop PostgreSQL for 10 s', () => {
  for (let run = 1; run <= RUNS; run++) {
    it(`run ${run}: the API answers 503 with Retry-After meanwhile, never hangs or 500s, and recovers by itself`, async () => {
      const random = seeded(400 + run);
      const fleet = await Fleet.start({ workers: 2 });
      const started = Date.now();
      try {
        const jobs = await fleet.submitLoad(JOBS, random);
        await fleet.waitForProgress(0.2);
        const probes: Probe[] = [];
        let probing = true;
        const prober = (async () => {
          for (let i = 0; probing; i++) {
            const t = performance.now();
            const res =
              i % 2 === 0
                ? await submitText(fleet.api, { text: documentText(random) })
                : await fleet.api.fetch(`/v1/jobs/${jobs[i % jobs.length]!.id}`);
            probes.push({
              status: res.status,
              ms: performance.now() - t,
              retryAfter: res.headers.get('retry-after'),
            });
            if (res.status === 202) fleet.expected.set(((await res.json()) as JobView).id, 'completed');
            else await res.arrayBuffer();
            await sleep(200);
          }
        })();
        await stack('down', 'postgres');
        await sleep(10_000);
        await stack('up', 'postgres');
        const back = new Date();
        // Recovers by itself: submissions succeed again without restarting anything.
        const deadline = Date.now() + 30_000;
        while (!probes.slice(-3).every((p) => p.status === 202 || p.status === 200) && Date.now() < deadline)
          await sleep(200);
        probing = false;
        await prober;
        const recovery = [await fleet.secondsUntilProgress(back)];
        const books = await fleet.settle();
        const unavailable = probes.filter((p) => p.status === 503);
        record({
          scenario: 'stop PostgreSQL for 10 s',
          run,
          jobs: books.jobs,
          segments: books.segments,
          outcome: books.problems.length === 0 ? 'pass' : 'fail',
          recoverySeconds: recovery,
          totalSeconds: (Date.now() - started) / 1000,
          notes: `${probes.length} probes: ${unavailable.length} × 503, slowest ${Math.max(...probes.map((p) => p.ms)).toFixed(0)} ms`,
        });
        expect(
          probes.every((p) => [200, 202, 503].includes(p.status)),
          JSON.stringify(probes),
        ).toBe(true);
        expect(unavailable.length).toBeGreaterThan(0);
        expect(unavailable.every((p) => Number(p.retryAfter) > 0)).toBe(true);
        expect(Math.max(...probes.map((p) => p.ms))).toBeLessThan(5000);
        expect(probes.slice(-3).every((p) => p.status === 202 || p.status === 200)).toBe(true);
        expect(books.problems).toEqual([]);
        expect(books.completed).toBe(fleet.expected.size);
      } finally {
        await stack('up', 'postgres');
        await fleet.stop();
      }
    });
  }
});
