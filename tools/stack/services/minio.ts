import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAlive, must, readPid, startDetached, stopPid, tail, waitUntil } from '../proc';
import { StackError } from '../stack-error';
import type { ServiceStatus, StackContext, StackService } from '../stack-context';

const NAME = 'minio';
/**
 * The community MinIO repository is archived upstream; the Go module proxy serves it only
 * by pseudo-version (its RELEASE.* tags are not semver), so we pin a commit. go.sum
 * verification pins the content.
 */
export const MINIO_MODULE = 'github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c';

/** MinIO built once with `go install`, serving S3 on loopback. */
export class MinioService implements StackService {
  readonly name = NAME;
  private readonly bin: string;

  constructor(private readonly ctx: StackContext) {
    this.bin = ctx.dir('bin', 'minio');
  }

  async provision(): Promise<void> {
    const marker = `${this.bin}.module`;
    if (existsSync(this.bin) && existsSync(marker) && readFileSync(marker, 'utf8') === MINIO_MODULE) return;
    mkdirSync(this.ctx.dir('bin'), { recursive: true });
    await must(NAME, `go install ${MINIO_MODULE}`, 'go', ['install', '-trimpath', MINIO_MODULE], {
      env: { ...process.env, GOBIN: this.ctx.dir('bin'), CGO_ENABLED: '0' },
    });
    writeFileSync(marker, MINIO_MODULE);
  }

  async start(): Promise<void> {
    const { endPoint, port, consolePort, accessKey, secretKey } = this.ctx.config.s3;
    if (!(await this.ready())) {
      if (!isAlive(readPid(this.ctx.pidFile(NAME)))) {
        const data = this.ctx.dir('minio', 'data');
        mkdirSync(data, { recursive: true });
        const env = {
          ...process.env,
          MINIO_ROOT_USER: accessKey,
          MINIO_ROOT_PASSWORD: secretKey,
          MINIO_BROWSER: 'on',
        };
        startDetached(
          this.bin,
          [
            'server',
            data,
            '--quiet',
            '--address',
            `${endPoint}:${port}`,
            '--console-address',
            `${endPoint}:${consolePort}`,
          ],
          this.ctx.pidFile(NAME),
          this.ctx.logFile(NAME),
          env,
        );
      }
      if (!(await waitUntil(() => this.ready(), 60_000))) {
        throw new StackError(
          NAME,
          'readiness',
          tail(this.ctx.logFile(NAME)),
          `no answer from ${this.healthUrl()}; is port ${port} taken?`,
        );
      }
    }
  }

  async stop(): Promise<void> {
    await stopPid(this.ctx.pidFile(NAME), 15_000);
  }

  async status(): Promise<ServiceStatus> {
    const { endPoint, port, consolePort } = this.ctx.config.s3;
    const where = `http://${endPoint}:${port} (console :${consolePort})`;
    if (await this.ready()) return { name: NAME, state: 'ready', where };
    if (isAlive(readPid(this.ctx.pidFile(NAME)))) return { name: NAME, state: 'running', where };
    return { name: NAME, state: existsSync(this.bin) ? 'stopped' : 'missing', where };
  }

  private healthUrl(): string {
    const { endPoint, port } = this.ctx.config.s3;
    return `http://${endPoint}:${port}/minio/health/ready`;
  }

  private async ready(): Promise<boolean> {
    try {
      const res = await fetch(this.healthUrl(), { signal: AbortSignal.timeout(1000) });
      return res.ok;
    } catch {
      return false;
    }
  }
}
