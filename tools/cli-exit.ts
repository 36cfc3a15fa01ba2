import { DomainError } from '@chorus/contracts';

/** A domain error (bad input, unknown voice, ...) ends a command with its code and exit 2. */
export function exitCodeFor(err: unknown): number {
  if (!(err instanceof DomainError)) throw err;
  console.error(`error (${err.code}): ${err.message}`);
  return 2;
}
