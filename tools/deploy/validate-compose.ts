import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { envProblems } from './env-contract';

/**
 * The Compose Specification's JSON schema as the `dclint` package (pinned in package.json)
 * bundles it: a copy of compose-spec/compose-spec's schema/compose-spec.json, the file
 * `docker compose config` validates against. No Docker engine or CLI plugin is needed.
 */
export function composeSchema(): object {
  const dir = dirname(require.resolve('dclint/package.json'));
  const schema = JSON.parse(readFileSync(join(dir, 'schemas', 'compose.schema.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  // It declares draft-07 by an https URL Ajv does not know by that name; Ajv's default is draft-07.
  delete schema.$schema;
  return schema;
}

/** The images this repository's Dockerfile builds, by target; their env is chorus's env contract. */
const OUR_TARGETS = new Set(['api', 'worker-cpu', 'worker-cuda']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Service = Record<string, Json>;

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `$$` as Compose reads them, with `env`. */
export function interpolate(value: Json, env: Record<string, string | undefined>): Json {
  if (typeof value === 'string')
    return value.replace(
      /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g,
      (all, name: string | undefined, colon: string, op: string, arg: string) => {
        if (all === '$$') return '$';
        const v = env[name ?? ''];
        const unset = v === undefined || (colon === ':' && v === '');
        if (!unset) return v;
        if (op === '-') return arg;
        if (op === '?') throw new Error(`required variable ${name} is not set: ${arg}`);
        return '';
      },
    );
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  return value;
}

function scalar(v: Json | undefined): string {
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function asMap(env: Json | undefined): Record<string, string> {
  if (Array.isArray(env))
    return Object.fromEntries(
      env.map((e) => {
        const [k, ...v] = scalar(e).split('=');
        return [k ?? '', v.join('=')];
      }),
    );
  if (env && typeof env === 'object')
    return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, scalar(v)]));
  return {};
}

function list(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function obj(value: Json | undefined): Record<string, Json> {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/**
 * Problems in a compose file: the Compose schema first (after YAML anchors, merges and
 * `${...}` interpolation, as Compose reads it), then what the chorus topology needs: known
 * dependencies that are health-checked, chorus's env contract, one GPU per worker with its
 * own device id, read-only voices, build targets that exist in the Dockerfile.
 */
export function validateCompose(
  text: string,
  opts: { dockerfileTargets: readonly string[]; env?: Record<string, string | undefined> },
): string[] {
  let doc: Json;
  try {
    doc = interpolate(parse(text, { merge: true }) as Json, opts.env ?? {});
  } catch (err) {
    return [`not readable as Compose YAML: ${(err as Error).message}`];
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(composeSchema());
  if (!validate(doc))
    return (validate.errors ?? []).map(
      (e) =>
        `schema: ${e.instancePath || '/'} ${e.message ?? ''}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify(e.params)})` : ''}`,
    );

  const problems: string[] = [];
  const services = obj(obj(doc).services) as Record<string, Service>;
  const gpuIds = new Map<string, string>();
  for (const [name, s] of Object.entries(services)) {
    const at = `services.${name}`;
    const profiles = list(s.profiles).map(String);

    for (const [dep, cond] of Object.entries(obj(s.depends_on))) {
      const target = services[dep];
      if (!target) {
        problems.push(`${at}.depends_on: no service "${dep}"`);
        continue;
      }
      const theirs = list(target.profiles).map(String);
      if (theirs.length > 0 && !theirs.some((p) => profiles.includes(p)))
        problems.push(`${at}.depends_on: "${dep}" only runs in profiles ${theirs.join(', ')}`);
      if (obj(cond).condition === 'service_healthy' && !target.healthcheck)
        problems.push(`${at}.depends_on: waits for "${dep}" to be healthy, but "${dep}" has no healthcheck`);
    }
    if (!s.healthcheck && !s.profiles && s.restart)
      problems.push(`${at}: a long-running service without a healthcheck`);

    const target = typeof s.build === 'object' ? obj(s.build).target : undefined;
    if (typeof target !== 'string') continue;
    // One of our images.
    if (!opts.dockerfileTargets.includes(target))
      problems.push(`${at}.build.target: no stage "${target}" in the Dockerfile`);
    if (!OUR_TARGETS.has(target)) continue;
    const env = asMap(s.environment);
    for (const p of envProblems(env)) problems.push(`${at}.environment: ${p}`);
    if (!s.healthcheck) problems.push(`${at}: no healthcheck`);
    const voices = list(s.volumes).map(String);
    if (!voices.some((v) => /:\/models\/voices:ro$/.test(v)))
      problems.push(`${at}.volumes: the voices must be mounted read-only at /models/voices`);
    if (target === 'api' && Number(obj(s.deploy).replicas ?? 1) < 2)
      problems.push(`${at}.deploy.replicas: run at least 2`);

    const reserved = list(obj(obj(obj(s.deploy).resources).reservations).devices).map(obj);
    if (target === 'worker-cuda') {
      const ids = reserved
        .filter((d) => d.driver === 'nvidia')
        .flatMap((d) => list(d.device_ids).map(String));
      if (ids.length !== 1)
        problems.push(
          `${at}.deploy.resources.reservations.devices: reserve exactly one NVIDIA GPU (device_ids)`,
        );
      for (const id of ids) {
        const other = gpuIds.get(id);
        if (other) problems.push(`${at}: GPU ${id} is already reserved by ${other}`);
        gpuIds.set(id, name);
      }
      // The reserved GPU is the only one the container sees, so it is cuda:0 in there.
      if (env.DEVICES !== 'cuda:0')
        problems.push(`${at}.environment.DEVICES: must be cuda:0 (got ${env.DEVICES})`);
    }
    if (target === 'worker-cpu' && !(env.DEVICES ?? '').split(',').every((d) => d.trim().startsWith('cpu:')))
      problems.push(`${at}.environment.DEVICES: a CPU worker takes cpu:N devices`);
  }
  return problems;
}
