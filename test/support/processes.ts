import { spawn, type ChildProcess } from 'node:child_process';
import { delimiter, dirname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiClient, type ApiClient } from './api-client';
import { testPort } from './stack';

const ROOT = resolve(__dirname, '../..');
const LOG_DIR = resolve(ROOT, 'out/logs');

/** An app of ours running as its own process, from the compiled build (`npm run build`). */
export class AppProcess {
  readonly lines: string[] = [];
  private exited: Promise<number | null>;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    // Every line is kept in memory for assertions and in out/logs/ for a post-mortem.
    mkdirSync(LOG_DIR, { recursive: true });
    const file = resolve(LOG_DIR, `${name.replace(/[^\w.-]+/g, '_')}-${child.pid ?? 'x'}.log`);
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(line);
      appendFileSync(file, chunk);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((r) => child.on('exit', (code) => r(code)));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** How the process ended: its exit code, or the signal that ended it. */
  get exitCode(): number | null {
    return this.child.exitCode;
  }

  get exitSignal(): NodeJS.Signals | null {
    return this.child.signalCode;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitForLine(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.lines.find((l) => pattern.test(l));
      if (hit) return hit;
      if (!this.running)
        throw new Error(
          `${this.name} exited before logging ${pattern}:\n${this.lines.slice(-30).join('\n')}`,
        );
      if (Date.now() > deadline)
        throw new Error(
          `${this.name} did not log ${pattern} in ${timeoutMs} ms:\n${this.lines.slice(-30).join('\n')}`,
        );
      await sleep(100);
    }
  }

  /** SIGTERM (graceful) or SIGKILL (a crash); resolves when the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000): Promise<number | null> {
    if (this.running) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** The worker images' start script (preflight, then exec of the worker): workers start through it here too. */
const WORKER_ENTRYPOINT = 'deploy/worker-entrypoint.sh';

/** A `.js` file runs under this Node; a start script runs itself, finding this Node first on PATH. */
function start(name: string, script: string, env: Record<string, string>): AppProcess {
  const path = resolve(ROOT, script);
  const [command, args] = script.endsWith('.js') ? [process.execPath, [path]] : [path, []];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new AppProcess(name, child);
}

/** The admin key every API the tests start has, unless a test sets its own. */
export const TEST_ADMIN_KEY = 'chorus-test-admin-key-not-a-secret-0123456789';

/** A running API, seen by a tenant of its own (fresh per start, so tests never share jobs). */
export interface RunningApi extends ApiClient {
  process: AppProcess;
  /** Creates another tenant with a key of its own. */
  newTenant: (name?: string) => Promise<ApiClient>;
}

/** Creates an API key for `tenant` through the admin endpoint. */
export async function createKey(url: string, tenant: string, adminKey = TEST_ADMIN_KEY): Promise<ApiClient> {
  const res = await fetch(`${url}/v1/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, name: 'e2e' }),
  });
  if (res.status !== 201) throw new Error(`creating a key for ${tenant}: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as { key: string };
  return apiClient(url, tenant, created.key);
}

/**
 * An API process. Rate limits are off unless a test sets them (tests poll quickly from one
 * address); the admin key is TEST_ADMIN_KEY.
 */
export async function startApi(basePort: number, env: Record<string, string> = {}): Promise<RunningApi> {
  const port = testPort(basePort);
  const proc = start('api', 'dist/apps/api/src/main.js', {
    CHORUS_API_PORT: String(port),
    CHORUS_ADMIN_KEY: TEST_ADMIN_KEY,
    CHORUS_RATE_LIMIT_IP: '0',
    CHORUS_RATE_LIMIT_KEY: '0',
    CHORUS_API_METRICS_PORT: '0',
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${url}/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) {
      const newTenant = (name = `t-${randomUUID().slice(0, 8)}`) =>
        createKey(url, name, env.CHORUS_ADMIN_KEY);
      return { ...(await newTenant()), process: proc, newTenant };
    }
    if (!proc.running) throw new Error(`api exited:\n${proc.lines.slice(-30).join('\n')}`);
    if (Date.now() > deadline)
      throw new Error(`api not healthy in time:\n${proc.lines.slice(-30).join('\n')}`);
    await sleep(200);
  }
}

/** A worker process serving `devices` (one consumer each); resolves once all consume. */
export async function startWorker(devices: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const proc = start(`worker[${devices}]`, WORKER_ENTRYPOINT, {
    DEVICES: devices,
    CHORUS_INTRA_OP_THREADS: '1',
    CHORUS_WORKER_METRICS_PORT: '0',
    ...env,
  });
  await proc.waitForLine(/"ready: \d+ device/);
  return proc;
}

/** The example "audio ready" subscriber (@nestjs/microservices, Kafka transport). */
export async function startSubscriber(env: Record<string, string>): Promise<AppProcess> {
  const proc = start('audio-subscriber', 'dist/apps/audio-subscriber/src/main.js', env);
  await proc.waitForLine(/Nest microservice successfully started/);
  return proc;
}
