import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { KubernetesSchemas, KUBERNETES_SCHEMAS, kubernetesSchemaDir } from './kubernetes-schemas';
import { validateCompose } from './validate-compose';
import { dockerfileTargets, validateDockerfile } from './validate-dockerfile';
import { kustomizationProblems, readManifests, validateKubernetes } from './validate-kubernetes';

/** One deployment file (or folder) checked, and what is wrong with it. */
export interface CheckResult {
  name: string;
  what: string;
  problems: string[];
}

export const REPO = resolve(__dirname, '../..');
export const K8S_DIR = 'deploy/k8s';
export const WORKER_ENTRYPOINT = 'deploy/worker-entrypoint.sh';

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

export function checkDockerfile(root = REPO): CheckResult {
  return {
    name: 'Dockerfile',
    what: 'instructions, pinned bases, non-root + tini + HEALTHCHECK per image, worker start script, context allowlist',
    problems: validateDockerfile(read(root, 'Dockerfile'), {
      dockerignore: read(root, '.dockerignore'),
      exists: (p) => existsSync(join(root, p)),
    }),
  };
}

/**
 * As Compose reads the file with a .env that sets every variable it requires (`${NAME:?...}`),
 * each to a sample value long enough for any length rule.
 */
export function checkCompose(root = REPO, text = read(root, 'docker-compose.yml')): CheckResult {
  const required = [...text.matchAll(/\$\{([A-Za-z_]\w*):\?/g)].map((m) => m[1] ?? '');
  const env = Object.fromEntries(
    required.map((n) => [n, `sample-${n.toLowerCase()}-0123456789abcdef0123456789`]),
  );
  return {
    name: 'docker-compose.yml',
    what: 'Compose Specification schema (dclint bundle), dependencies, health checks, env contract, GPU reservations',
    problems: validateCompose(text, { dockerfileTargets: dockerfileTargets(read(root, 'Dockerfile')), env }),
  };
}

export async function checkKubernetes(
  root = REPO,
  override?: { file: string; text: string },
): Promise<CheckResult> {
  const dir = join(root, K8S_DIR);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .sort();
  const manifests = files.flatMap((f) =>
    readManifests(
      `${K8S_DIR}/${f}`,
      override?.file === f ? override.text : readFileSync(join(dir, f), 'utf8'),
    ),
  );
  const schemaDir = await kubernetesSchemaDir();
  const schemas = KUBERNETES_SCHEMAS.kubernetesVersions.map((v) => new KubernetesSchemas(schemaDir, v));
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  return {
    name: `${K8S_DIR}/ (${manifests.length} objects)`,
    what: `Kubernetes ${KUBERNETES_SCHEMAS.kubernetesVersions.join(' and ')} strict schemas, KEDA ScaledObject CRD, env contract, probes, GPUs, lag autoscaling vs partitions`,
    problems: [
      ...kustomizationProblems(kustomization, files, manifests),
      ...(await validateKubernetes(manifests, schemas)),
    ],
  };
}

export function checkEntrypoint(root = REPO): CheckResult {
  const path = join(root, WORKER_ENTRYPOINT);
  const problems: string[] = [];
  try {
    accessSync(path, constants.X_OK);
  } catch {
    problems.push('not executable (the images run it as their command)');
  }
  const syntax = spawnSync('sh', ['-n', path], { encoding: 'utf8' });
  if (syntax.status !== 0) problems.push(`sh -n: ${syntax.stderr.trim()}`);
  if (!/^exec node dist\/apps\/synth-worker\/src\/main\.js/m.test(readFileSync(path, 'utf8')))
    problems.push('must end by exec-ing the worker (so it gets the signals)');
  return { name: WORKER_ENTRYPOINT, what: 'POSIX sh syntax, executable, execs the worker', problems };
}

export async function checkAll(root = REPO): Promise<CheckResult[]> {
  return [checkDockerfile(root), checkCompose(root), await checkKubernetes(root), checkEntrypoint(root)];
}
