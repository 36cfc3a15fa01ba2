import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { must } from './proc';

/** Where a virtualenv records the sha256 of the requirements it was installed from. */
export const venvMarker = (venv: string) => `${venv}/.requirements-sha256`;

/**
 * A virtualenv with a hash-pinned requirements file installed (`pip --require-hashes`);
 * created if missing, reinstalled only when the file's content changes.
 */
export async function ensureHashedVenv(service: string, venv: string, requirements: string): Promise<void> {
  const marker = venvMarker(venv);
  const digest = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === digest) return;
  if (!existsSync(`${venv}/bin/python`))
    await must(service, `create virtualenv ${venv}`, 'python3', ['-m', 'venv', venv]);
  await must(service, `pip install -r ${relative(process.cwd(), requirements)}`, `${venv}/bin/python`, [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--require-hashes',
    '-r',
    requirements,
  ]);
  writeFileSync(marker, digest);
}
