import { envSchema } from '@chorus/config';

/** The variables chorus reads (libs/config/src/config.schema.ts): the env contract of every image. */
export const KNOWN_VARIABLES: ReadonlySet<string> = new Set(Object.keys(envSchema.shape));

/**
 * Problems with an environment a deployment file gives one of our containers: a CHORUS_* (or
 * DEVICES) name the apps do not read (a typo the apps would silently ignore), or a value the
 * apps would refuse at start.
 */
export function envProblems(env: Record<string, string>): string[] {
  const problems = Object.keys(env)
    .filter((k) => (k.startsWith('CHORUS_') || k === 'DEVICES') && !KNOWN_VARIABLES.has(k))
    .map((k) => `${k} is not a variable chorus reads (libs/config/src/config.schema.ts)`);
  const parsed = envSchema.safeParse(env);
  if (!parsed.success)
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  return problems;
}
