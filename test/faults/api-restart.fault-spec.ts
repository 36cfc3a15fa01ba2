import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { submitText, type JobView } from '../support/api-client';
import { startApi } from '../support/processes';
import { documentText, Fleet, JOBS, record, RUNS, seeded } from './fleet';

describe('fault 5: restart the API while clients submit with Idempotency-Key', () => {
  for (let run = 1; run <= RUNS; run++) {
    it(`run ${run}: client retries create no duplicate jobs`, async () => {
      const random = seeded(500 + run);
      const fleet = await Fleet.start({ workers: 2, port: 3121 });
      const started = Date.now();
      const client = { ...fleet.api };
      const keys = Array.from({ length: JOBS }, (_, i) => `fault5-${started}-${run}-${i}`);
      const texts = keys.map(() => documentText(random));
      let retries = 0;
      const downtime: number[] = [];
      // A client that retries, with the same key, until the API accepts (network errors, 5xx).
      const submit = async (i: number): Promise<string> => {
        for (;;) {
          try {
            const res = await submitText(client, { text: texts[i] }, { 'idempotency-key': keys[i]! });
            if (res.status === 202) return ((await res.json()) as JobView).id;
            await res.arrayBuffer();
          } catch {
            // The API is down: connection refused or reset.
          }
          retries++;
          await sleep(300);
        }
      };
      try {
        const pending: Promise<string>[] = [];
        for (let i = 0; i < keys.length; i++) {
          pending.push(submit(i));
          if (i === Math.floor(keys.length / 3)) {
            // A crash mid-stream: requests in flight may or may not have committed.
            const killed = Date.now();
            await fleet.api.process.stop('SIGKILL');
            await sleep(1000);
            const restarted = await startApi(3121);
            fleet.api = { ...client, process: restarted.process, newTenant: restarted.newTenant };
            downtime.push((Date.now() - killed) / 1000);
          }
          await sleep(20);
        }
        const ids = await Promise.all(pending);
        for (const id of ids) fleet.expected.set(id, 'completed');
        const [row] = await fleet.db.query<{ jobs: string; keys: string }[]>(
          `SELECT count(*) AS jobs, count(DISTINCT idempotency_key) AS keys FROM jobs WHERE owner = $1 AND idempotency_key LIKE $2`,
          [fleet.api.tenant, `fault5-${started}-${run}-%`],
        );
        const books = await fleet.settle();
        record({
          scenario: 'restart (kill -9) the API during idempotent submissions',
          run,
          jobs: books.jobs,
          segments: books.segments,
          outcome: books.problems.length === 0 && Number(row?.jobs) === JOBS ? 'pass' : 'fail',
          recoverySeconds: downtime,
          totalSeconds: (Date.now() - started) / 1000,
          notes: `${retries} client retries`,
        });
        expect(new Set(ids).size).toBe(JOBS);
        expect(Number(row?.jobs)).toBe(JOBS);
        expect(Number(row?.keys)).toBe(JOBS);
        expect(retries).toBeGreaterThan(0);
        expect(books.problems).toEqual([]);
      } finally {
        await fleet.stop();
      }
    });
  }
});
