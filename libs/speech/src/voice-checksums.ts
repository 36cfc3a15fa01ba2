import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { sha256File } from './checksum';

/** The name of the file in a voices directory that pins its files' sha256 (`sha256sum` format). */
export const CHECKSUMS_FILE = 'SHA256SUMS';

/** `file name → sha256` from a voices directory's SHA256SUMS; empty when there is none. */
export function readChecksums(dir: string): Map<string, string> {
  const file = join(dir, CHECKSUMS_FILE);
  if (!existsSync(file)) return new Map();
  return new Map(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => /^([0-9a-f]{64})\s+\*?(.+)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[2] ?? '', m[1] ?? '']),
  );
}

export interface VoiceDirectoryReport {
  /** Files whose sha256 matched their pin. */
  verified: string[];
  /** Voice files present but not pinned: the runtime refuses to load such a model. */
  unpinned: string[];
}

/**
 * Checks a voices directory the way a deployment must find it: a SHA256SUMS is there, every
 * file it pins exists with that sha256, and the voices in `required` (the default voice, which
 * every worker warms up with) are pinned. Throws a DomainError naming the first problem.
 */
export async function verifyVoiceDirectory(
  dir: string,
  required: readonly string[] = [],
): Promise<VoiceDirectoryReport> {
  if (!existsSync(dir)) {
    throw new DomainError(ERROR_CODES.VOICE_NOT_FOUND, `the voices directory ${dir} does not exist`);
  }
  const pins = readChecksums(dir);
  if (pins.size === 0) {
    throw new DomainError(
      ERROR_CODES.VOICE_CHECKSUM_MISMATCH,
      `${join(dir, CHECKSUMS_FILE)} is missing or pins nothing; pin the voices with ` +
        `\`(cd ${dir} && sha256sum *.onnx *.onnx.json > ${CHECKSUMS_FILE})\``,
    );
  }
  for (const voice of required) {
    if (!pins.has(`${voice}.onnx`)) {
      throw new DomainError(
        ERROR_CODES.VOICE_CHECKSUM_MISMATCH,
        `${voice}.onnx is not pinned in ${join(dir, CHECKSUMS_FILE)}`,
        { voice },
      );
    }
  }
  const verified: string[] = [];
  for (const [name, expected] of pins) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      throw new DomainError(
        ERROR_CODES.VOICE_NOT_FOUND,
        `${path} is pinned in ${CHECKSUMS_FILE} but missing`,
      );
    }
    const actual = await sha256File(path);
    if (actual !== expected) {
      throw new DomainError(
        ERROR_CODES.VOICE_CHECKSUM_MISMATCH,
        `${path} has sha256 ${actual}, but ${CHECKSUMS_FILE} pins ${expected}; refusing to load it`,
      );
    }
    verified.push(name);
  }
  const unpinned = readdirSync(dir)
    .filter((f) => (f.endsWith('.onnx') || f.endsWith('.onnx.json')) && !pins.has(f))
    .sort();
  return { verified, unpinned };
}
