import { describe, expect, it } from 'vitest';
import { isTransientError } from './transient-errors';

describe(isTransientError.name, () => {
  it('knows outages of each backing service', () => {
    expect(isTransientError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientError({ name: 'QueryFailedError', driverError: { code: '57P01' } })).toBe(true);
    expect(isTransientError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isTransientError(new Error('Query runner already released. Cannot run queries anymore.'))).toBe(
      true,
    );
    expect(isTransientError(Object.assign(new Error('busy'), { code: 'XMinioServerNotInitialized' }))).toBe(
      true,
    );
    expect(isTransientError({ name: 'KafkaJSConnectionError', message: 'Connection error' })).toBe(true);
    expect(
      isTransientError({ name: 'KafkaJSNumberOfRetriesExceeded', originalError: { retriable: true } }),
    ).toBe(true);
  });

  it('does not excuse bugs or bad input', () => {
    expect(isTransientError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientError({ name: 'QueryFailedError', driverError: { code: '23505' } })).toBe(false);
    expect(isTransientError(Object.assign(new Error('nope'), { code: 'NoSuchKey' }))).toBe(false);
    expect(isTransientError(undefined)).toBe(false);
  });
});
