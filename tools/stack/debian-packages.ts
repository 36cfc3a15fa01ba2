import { userInfo } from 'node:os';
import { capture, must } from './proc';
import { StackError } from './stack-error';

let queue: Promise<void> = Promise.resolve();

/**
 * Installs Debian packages when we are root; otherwise says what to install. Calls are
 * serialized (services provision in parallel, dpkg allows one writer) and wait for a lock
 * held by anything else on the machine.
 */
export function installDebianPackages(service: string, packages: string[]): Promise<void> {
  const run = queue.then(() => install(service, packages));
  queue = run.catch(() => undefined);
  return run;
}

async function install(service: string, packages: string[]): Promise<void> {
  if (userInfo().uid !== 0) {
    throw new StackError(
      service,
      'install',
      `missing Debian packages: ${packages.join(' ')}`,
      `run: sudo apt-get install -y ${packages.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const args = [
    '-o',
    'DPkg::Lock::Timeout=300',
    'install',
    '-y',
    '-qq',
    '--no-install-recommends',
    ...packages,
  ];
  if ((await capture('apt-get', args, { env })).code === 0) return;
  await must(service, 'apt-get update', 'apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update', '-qq'], {
    env,
  });
  await must(service, `apt-get install ${packages.join(' ')}`, 'apt-get', args, { env });
}
