/** One rewrite step; steps run in order over the whole text, each seeing the previous one's output. */
export interface Rule<C> {
  readonly name: string;
  apply(text: string, ctx: C): string;
}

export type Replacer<C> = (
  ctx: C,
  match: string,
  groups: (string | undefined)[],
  offset: number,
  text: string,
) => string;

/**
 * A rule from one global regex. The replacer gets the capture groups plus the match offset and
 * the whole text, so it can look at the surrounding words without a second regex pass.
 */
export function regexRule<C>(name: string, pattern: RegExp, replacer: Replacer<C>): Rule<C> {
  if (!pattern.global) throw new Error(`rule ${name}: pattern must be global`);
  return {
    name,
    apply(text, ctx) {
      return text.replace(pattern, (match: string, ...rest: unknown[]) => {
        // String.replace passes the groups, then offset, the whole string and (with named groups) an object.
        const hasNamed = typeof rest[rest.length - 1] === 'object';
        const whole = rest[rest.length - (hasNamed ? 2 : 1)] as string;
        const offset = rest[rest.length - (hasNamed ? 3 : 2)] as number;
        const groups = rest.slice(0, rest.length - (hasNamed ? 3 : 2)) as (string | undefined)[];
        return replacer(ctx, match, groups, offset, whole);
      });
    },
  };
}

export function runPipeline<C>(rules: readonly Rule<C>[], text: string, ctx: C): string {
  let out = text;
  for (const rule of rules) out = rule.apply(out, ctx);
  return out;
}

const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const HORIZONTAL_SPACE = /[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;

/** Language-independent clean-up: canonical Unicode, no invisible characters, single spaces. */
export function normalizeWhitespace(text: string): string {
  return text
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(HORIZONTAL_SPACE, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/** Tidies the spaces that word substitutions leave behind: doubled, or before punctuation. */
export function tidySpaces(text: string): string {
  return text
    .replace(/ {2,}/g, ' ')
    .replace(/ +([,.;:!?)\]])/g, '$1')
    .replace(/([([]) +/g, '$1')
    .replace(/ *\n */g, '\n')
    .trim();
}

const SENTENCE_GOES_ON = /\s*$|\s+["“‘'(]?[A-Z]/y;

/**
 * Whether an abbreviation's period at `end` also closes the sentence: the text ends there or
 * the next word starts with a capital. Used to keep "etc." or "Baker St." from swallowing a full stop.
 */
export function closesSentence(text: string, end: number): boolean {
  if (end >= text.length) return true;
  SENTENCE_GOES_ON.lastIndex = end;
  return SENTENCE_GOES_ON.test(text);
}
