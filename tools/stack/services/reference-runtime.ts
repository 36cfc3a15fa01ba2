import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { must } from '../proc';
import type { ServiceStatus, StackContext, StackService } from '../stack-context';

const NAME = 'piper-tts';
/** The reference Piper runtime, pinned, used only to compare our output and speed against. */
export const PIPER_TTS = 'piper-tts==1.8.0';

export class ReferenceRuntimeService implements StackService {
  readonly name = NAME;
  private readonly venv: string;

  constructor(private readonly ctx: StackContext) {
    this.venv = ctx.dir('venv-piper');
  }

  async provision(): Promise<void> {
    const marker = `${this.venv}/.requirement`;
    if (existsSync(marker) && readFileSync(marker, 'utf8') === PIPER_TTS) return;
    if (!existsSync(`${this.venv}/bin/python`))
      await must(NAME, 'create virtualenv', 'python3', ['-m', 'venv', this.venv]);
    await must(NAME, `pip install ${PIPER_TTS}`, `${this.venv}/bin/python`, [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      PIPER_TTS,
    ]);
    writeFileSync(marker, PIPER_TTS);
  }

  start(): Promise<void> {
    return this.provision();
  }

  async stop(): Promise<void> {}

  status(): Promise<ServiceStatus> {
    return Promise.resolve({
      name: NAME,
      state: existsSync(`${this.venv}/.requirement`) ? 'ready' : 'missing',
      where: `${this.venv}/bin/python`,
    });
  }
}
