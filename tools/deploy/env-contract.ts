import { ConfigError, envSchema, loadConfig } from '@chorus/config';

/** The variables chorus reads (libs/config/src/config.schema.ts): the env contract of every image. */
export const KNOWN_VARIABLES: ReadonlySet<string> = new Set(Object.keys(envSchema.shape));

/**
 * Problems with an environment a deployment file gives one of our containers: a CHORUS_* (or
 * DEVICES) name the apps do not read (a typo the apps would silently ignore), or anything the
 * apps' own config loading would refuse at start. The images set NODE_ENV=production, so the
 * local stack's default credentials are refused too.
 */
export function envProblems(env: Record<string, string>): string[] {
  const problems = Object.keys(env)
    .filter((k) => (k.startsWith('CHORUS_') || k === 'DEVICES') && !KNOWN_VARIABLES.has(k))
    .map((k) => `${k} is not a variable chorus reads (libs/config/src/config.schema.ts)`);
  try {
    loadConfig({ NODE_ENV: 'production', ...env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const line of err.message.split('\n').slice(1)) problems.push(line.trim());
  }
  return problems;
}
