import { DomainError, ERROR_CODES } from '@chorus/contracts';
import { disallowedCharacters, scriptsFor } from '@chorus/documents';

/**
 * Refuses text with characters the voice's language cannot read (another script, emoji): a
 * voice would skip or garble them, so the caller hears about it before paying for a job.
 */
export function assertAllowedScripts(
  text: string,
  language: string,
  allowLists: ReadonlyMap<string, string[]>,
): void {
  const scripts = scriptsFor(language, allowLists);
  const found = disallowedCharacters(text, scripts);
  if (found.length === 0) return;
  const listed = found.map((c) => `${c.codePoint} at ${c.index}`).join(', ');
  throw new DomainError(
    ERROR_CODES.TEXT_SCRIPT_NOT_ALLOWED,
    `the ${language} voice reads ${scripts.join(', ')} text; found ${listed}`,
    { characters: found.map(({ codePoint, index }) => ({ codePoint, index })), allowedScripts: scripts },
  );
}
