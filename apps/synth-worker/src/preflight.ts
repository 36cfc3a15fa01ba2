import { loadConfig, RedactingLogger } from '@chorus/config';
import { preflight } from './worker-preflight';

/**
 * `node dist/apps/synth-worker/src/preflight.js`: run by deploy/worker-entrypoint.sh before
 * the worker itself; exits non-zero with one line naming the problem.
 */
async function main(): Promise<void> {
  const logger = new RedactingLogger();
  logger.setContext('Preflight');
  try {
    for (const line of await preflight(loadConfig())) logger.log(line);
  } catch (err) {
    logger.error(`the worker cannot start: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}

void main();
