import { describe, expect, it } from 'vitest';
import { isDependencyOutage } from './problem-details.filter';

describe(isDependencyOutage.name, () => {
  it('recognises connection failures, pool timeouts and PostgreSQL shutdown codes', () => {
    expect(
      isDependencyOutage(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54329'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(isDependencyOutage(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDependencyOutage({ message: 'query failed', driverError: { code: '57P01' } })).toBe(true);
    expect(isDependencyOutage({ message: 'x', driverError: { code: '08006' } })).toBe(true);
  });

  it('leaves real bugs alone', () => {
    expect(isDependencyOutage(new TypeError('undefined is not a function'))).toBe(false);
    expect(isDependencyOutage({ message: 'duplicate key', driverError: { code: '23505' } })).toBe(false);
  });
});
