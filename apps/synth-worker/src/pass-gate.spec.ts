import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { JobPriority } from '@chorus/contracts';
import { PassGate } from './pass-gate';

/** A lane that runs `passes` passes of `ms` each, one after the other, logging them. */
async function lane(gate: PassGate, name: JobPriority, passes: number, ms: number, log: string[]) {
  for (let i = 0; i < passes; i++) {
    await gate.run(name, async () => {
      log.push(`${name}${i}`);
      await sleep(ms);
    });
  }
}

describe(PassGate.name, () => {
  it('runs one pass at a time', async () => {
    const sut = new PassGate();
    let running = 0;
    let most = 0;
    const pass = async () => {
      most = Math.max(most, ++running);
      await sleep(5);
      running--;
    };
    await Promise.all([1, 2, 3, 4].map((i) => sut.run(i % 2 ? 'batch' : 'interactive', pass)));
    expect(most).toBe(1);
  });

  it('lets an interactive lane in after the pass in flight, and runs all its passes before the batch lane goes on', async () => {
    const sut = new PassGate();
    const log: string[] = [];
    const book = lane(sut, 'batch', 6, 10, log);
    await sleep(15); // the book's second pass is in flight
    const page = lane(sut, 'interactive', 3, 10, log);
    await Promise.all([book, page]);
    expect(log).toEqual([
      'batch0',
      'batch1',
      'interactive0',
      'interactive1',
      'interactive2',
      'batch2',
      'batch3',
      'batch4',
      'batch5',
    ]);
    expect(sut.queued).toEqual({ interactive: 0, batch: 0 });
  });

  it('releases the device when a pass throws', async () => {
    const sut = new PassGate();
    await expect(sut.run('batch', () => Promise.reject(new Error('model failed')))).rejects.toThrow(
      'model failed',
    );
    await expect(sut.run('interactive', () => Promise.resolve(42))).resolves.toBe(42);
  });

  it('keeps the batch lane off the device while interactive work is reserved, between its passes too', async () => {
    const sut = new PassGate();
    const log: string[] = [];
    const book = lane(sut, 'batch', 4, 5, log);
    await sleep(2); // the book's first pass is in flight
    await sut.reserve(async () => {
      await sleep(30); // a claim, say: no pass of the book may start meanwhile
      log.push('claimed');
      await lane(sut, 'interactive', 1, 5, log);
      await sleep(30); // an upload
      log.push('recorded');
    });
    await book;
    expect(log).toEqual(['batch0', 'claimed', 'interactive0', 'recorded', 'batch1', 'batch2', 'batch3']);
  });
});
