import { existsSync } from 'node:fs';
import { installDebianPackages } from '../debian-packages';
import type { ServiceStatus, StackContext, StackService } from '../stack-context';

const NAME = 'espeak-ng';
const LIBRARY_PATHS = [
  '/usr/lib/x86_64-linux-gnu/libespeak-ng.so.1',
  '/usr/lib/aarch64-linux-gnu/libespeak-ng.so.1',
  '/usr/lib/libespeak-ng.so.1',
];

/** Debian's espeak-ng library and data, which the speech runtime loads in-process. */
export class EspeakService implements StackService {
  readonly name = NAME;

  constructor(private readonly _ctx: StackContext) {}

  async provision(): Promise<void> {
    if (!this.library()) await installDebianPackages(NAME, ['libespeak-ng1', 'espeak-ng-data']);
  }

  start(): Promise<void> {
    return this.provision();
  }

  async stop(): Promise<void> {}

  status(): Promise<ServiceStatus> {
    const lib = this.library();
    return Promise.resolve({
      name: NAME,
      state: lib ? 'ready' : 'missing',
      where: lib ?? 'libespeak-ng.so.1 not found',
    });
  }

  private library(): string | undefined {
    return LIBRARY_PATHS.find((p) => existsSync(p));
  }
}
