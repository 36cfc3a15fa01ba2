import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { config } from './stack';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

/** Stops or starts one service of the local stack, as `npm run stack -- down|up NAME` would. */
export async function stack(command: 'up' | 'down', service: 'kafka' | 'postgres' | 'minio'): Promise<void> {
  await run(
    process.execPath,
    [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), resolve(ROOT, 'tools/stack/cli.ts'), command, service],
    {
      cwd: ROOT,
      timeout: 180_000,
    },
  );
}

/** Freezes (SIGSTOP) or thaws (SIGCONT) a stack service: it keeps its sockets but stops answering. */
export function freeze(service: 'kafka' | 'postgres' | 'minio', frozen: boolean): void {
  const pid = Number(readFileSync(resolve(ROOT, config.stackDir, 'run', `${service}.pid`), 'utf8').trim());
  process.kill(pid, frozen ? 'SIGSTOP' : 'SIGCONT');
}
