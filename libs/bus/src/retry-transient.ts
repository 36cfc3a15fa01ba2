import type { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { isTransientError } from '@chorus/contracts';
import { backoffMs } from './backoff';

export interface RetryOptions {
  /** What is being done, for the log: "store segment 3 of job …". */
  what: string;
  logger: Pick<Logger, 'warn' | 'log' | 'error'>;
  /** Give up (rethrow) after this long; the caller's own recovery takes over then. */
  maxSeconds: number;
  baseMs?: number;
  capMs?: number;
  /** Stop retrying early (shutdown, a lost partition). */
  signal?: AbortSignal;
}

/**
 * Runs `op`, retrying while it fails with a transient error (a backing service down or
 * restarting) with jittered exponential backoff, a log line per retry, one when it
 * recovers and one when it gives up. Other errors are thrown at once.
 */
export async function retryTransient<T>(op: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const deadline = Date.now() + opts.maxSeconds * 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await op();
      if (attempt > 0)
        opts.logger.log(`${opts.what}: recovered after ${attempt} retr${attempt === 1 ? 'y' : 'ies'}`);
      return result;
    } catch (err) {
      if (!isTransientError(err)) throw err;
      const delay = backoffMs(attempt, opts.baseMs ?? 250, opts.capMs ?? 5000);
      if (Date.now() + delay > deadline || opts.signal?.aborted) {
        opts.logger.error(
          `${opts.what}: giving up after ${attempt + 1} attempt(s): ${(err as Error).message}`,
        );
        throw err;
      }
      opts.logger.warn(
        `${opts.what}: ${(err as Error).message || (err as Error).name}; retry ${attempt + 1} in ${delay} ms`,
      );
      await sleep(delay);
    }
  }
}
