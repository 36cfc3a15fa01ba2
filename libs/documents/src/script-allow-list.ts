/** A character a voice's language does not allow, where it first occurs. */
export interface DisallowedCharacter {
  character: string;
  /** `U+0416` */
  codePoint: string;
  /** Offset in the document text (UTF-16 code units). */
  index: number;
}

/** A pseudo-script name in allow-lists: emoji-presentation symbols (😀), off unless listed. */
export const EMOJI = 'Emoji';

const cache = new Map<string, RegExp>();

/**
 * Matches any character outside the given scripts, the script-neutral ones (Common:
 * punctuation, digits, symbols; Inherited: combining marks) and whitespace. Emoji are
 * Common too, so they are refused separately unless `Emoji` is listed.
 */
function outsidePattern(scripts: readonly string[]): RegExp {
  const id = scripts.join(',');
  let pattern = cache.get(id);
  if (!pattern) {
    const allowed = scripts.filter((s) => s !== EMOJI).map((s) => `\\p{Script=${s}}`);
    const emoji = scripts.includes(EMOJI) ? '' : '|\\p{Emoji_Presentation}';
    // \uE000-\uE6FF: the pipeline's own pause and rate markers (SSML); ingestion has removed any
    // private-use character the document itself carried.
    pattern = new RegExp(
      `[^\\s\\p{Script=Common}\\p{Script=Inherited}\\uE000-\\uE6FF${allowed.join('')}]${emoji}`,
      'gu',
    );
    cache.set(id, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

/** The distinct characters of `text` outside the allow-list, at most `limit` of them. */
export function disallowedCharacters(
  text: string,
  scripts: readonly string[],
  limit = 10,
): DisallowedCharacter[] {
  const found = new Map<string, DisallowedCharacter>();
  for (const match of text.matchAll(outsidePattern(scripts))) {
    const character = match[0];
    if (found.has(character)) continue;
    const codePoint = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    found.set(character, { character, codePoint, index: match.index });
    if (found.size >= limit) break;
  }
  return [...found.values()];
}

/** The allow-list for a voice language: `en_US`, then `en`, then `*`. */
export function scriptsFor(language: string, allowLists: ReadonlyMap<string, string[]>): string[] {
  const base = language.split(/[_-]/)[0] ?? language;
  return allowLists.get(language) ?? allowLists.get(base) ?? allowLists.get('*') ?? ['Latin'];
}
