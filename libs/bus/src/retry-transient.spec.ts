import { describe, expect, it, vi } from 'vitest';
import { retryTransient } from './retry-transient';

const logger = () => ({ warn: vi.fn(), log: vi.fn(), error: vi.fn() });
const outage = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:19000'), { code: 'ECONNREFUSED' });

describe(retryTransient.name, () => {
  it('retries transient failures with a log line each, and logs the recovery', async () => {
    const log = logger();
    let calls = 0;
    const result = await retryTransient(
      () => (++calls < 3 ? Promise.reject(outage()) : Promise.resolve('stored')),
      { what: 'store segment', logger: log, maxSeconds: 5, baseMs: 1, capMs: 2 },
    );
    expect(result).toBe('stored');
    expect(log.warn).toHaveBeenCalledTimes(2);
    expect(log.warn.mock.calls[0]![0]).toMatch(/store segment: .*ECONNREFUSED.*retry 1 in \d+ ms/);
    expect(log.log).toHaveBeenCalledWith('store segment: recovered after 2 retries');
  });

  it('throws anything else at once', async () => {
    const log = logger();
    const op = vi.fn(() => Promise.reject(new TypeError('bug')));
    await expect(retryTransient(op, { what: 'x', logger: log, maxSeconds: 5 })).rejects.toThrow('bug');
    expect(op).toHaveBeenCalledTimes(1);
  });

  it('gives up after its time budget, saying so', async () => {
    const log = logger();
    await expect(
      retryTransient(() => Promise.reject(outage()), {
        what: 'publish',
        logger: log,
        maxSeconds: 0.05,
        baseMs: 10,
        capMs: 10,
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(log.error.mock.calls[0]![0]).toMatch(/publish: giving up after \d+ attempt/);
  });

  it('stops when its signal is aborted', async () => {
    const log = logger();
    const controller = new AbortController();
    controller.abort();
    await expect(
      retryTransient(() => Promise.reject(outage()), {
        what: 'x',
        logger: log,
        maxSeconds: 60,
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    expect(log.error).toHaveBeenCalledTimes(1);
  });
});
