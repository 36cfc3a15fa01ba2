import { parseAllDocuments } from 'yaml';
import { JOB_PRIORITIES, segmentLane, TOPICS } from '@chorus/contracts';
import { envProblems } from './env-contract';
import type { KubernetesSchemas } from './kubernetes-schemas';

/** One manifest document and where it came from. */
export interface Manifest {
  file: string;
  doc: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The documents of a multi-document YAML file (empty documents skipped). */
export function readManifests(file: string, text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
      return { file, doc: obj(d.toJS()) };
    })
    .filter((m) => Object.keys(m.doc).length > 0);
}

const name = (m: Manifest) => `${m.file} ${str(m.doc.kind)}/${str(obj(m.doc.metadata).name)}`;

/**
 * KEDA reads trigger metadata as a string map and ignores keys it does not know, so a typo
 * silently changes the scaling: these are the keys of the two scalers we use (KEDA 2.x docs).
 */
const TRIGGER_KEYS: Record<string, readonly string[]> = {
  kafka: [
    'bootstrapServers',
    'bootstrapServersFromEnv',
    'consumerGroup',
    'consumerGroupFromEnv',
    'topic',
    'topicFromEnv',
    'lagThreshold',
    'activationLagThreshold',
    'offsetResetPolicy',
    'allowIdleConsumers',
    'excludePersistentLag',
    'scaleToZeroOnInvalidOffset',
    'limitToPartitionsWithLag',
    'ensureEvenDistributionOfPartitions',
    'partitionLimitation',
    'version',
    'sasl',
    'tls',
    'unsafeSsl',
  ],
  prometheus: [
    'serverAddress',
    'query',
    'threshold',
    'activationThreshold',
    'namespace',
    'customHeaders',
    'ignoreNullValues',
    'queryParameters',
    'unsafeSsl',
    'authModes',
  ],
};

/** The fields of a ScaledObject's spec (KEDA 2.x CRD); the CRD's generated validator lets others pass. */
const SCALED_OBJECT_SPEC = new Set([
  'scaleTargetRef',
  'pollingInterval',
  'cooldownPeriod',
  'initialCooldownPeriod',
  'idleReplicaCount',
  'minReplicaCount',
  'maxReplicaCount',
  'fallback',
  'advanced',
  'triggers',
]);

async function scaledObjectProblems(m: Manifest): Promise<string[]> {
  const problems: string[] = [];
  // ESM only, with `exports` that this project's node10 module resolution does not read: a
  // dynamic import, typed by hand to the one call we make.
  const { ScaledObject } = (await import('@kubernetes-models/keda/keda.sh/v1alpha1')) as unknown as {
    ScaledObject: new (data: object) => { validate(): void };
  };
  try {
    new ScaledObject(m.doc).validate();
  } catch (err) {
    problems.push(`${name(m)}: ${(err as Error).message}`);
  }
  for (const key of Object.keys(obj(m.doc.spec)))
    if (!SCALED_OBJECT_SPEC.has(key)) problems.push(`${name(m)}: spec.${key} is not a ScaledObject field`);
  for (const [i, t] of arr(obj(m.doc.spec).triggers).map(obj).entries()) {
    const known = TRIGGER_KEYS[str(t.type)];
    if (!known) continue;
    for (const key of Object.keys(obj(t.metadata)))
      if (!known.includes(key))
        problems.push(`${name(m)}: triggers[${i}] (${str(t.type)}) has no metadata "${key}"`);
  }
  return problems;
}

/** Pod templates with their containers, for the cross-checks. */
function podSpec(m: Manifest): Obj | undefined {
  return ['Deployment', 'StatefulSet', 'DaemonSet'].includes(str(m.doc.kind))
    ? obj(obj(obj(m.doc.spec).template).spec)
    : undefined;
}

function matches(selector: Obj, labels: Obj): boolean {
  const wanted = Object.entries(obj(selector.matchLabels));
  return wanted.length > 0 && wanted.every(([k, v]) => labels[k] === v);
}

function probePath(container: Obj, probe: string): string {
  return str(obj(obj(container[probe]).httpGet).path);
}

/**
 * Problems in the Kubernetes manifests: each document against Kubernetes' strict schemas (every
 * version in `schemas`), the KEDA ScaledObject against KEDA's CRD schema, then what chorus
 * needs: the env each of our containers gets (ConfigMap + Secret + env) is chorus's env
 * contract; probes on /health and /ready; a GPU per worker; selectors that select; placeholder
 * credentials only; and a lag trigger on the segments topic whose maxReplicaCount does not
 * exceed its partitions.
 */
export async function validateKubernetes(
  manifests: Manifest[],
  schemas: KubernetesSchemas[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const m of manifests) {
    const apiVersion = str(m.doc.apiVersion);
    const kind = str(m.doc.kind);
    if (apiVersion === 'keda.sh/v1alpha1' && kind === 'ScaledObject') {
      problems.push(...(await scaledObjectProblems(m)));
      continue;
    }
    for (const s of schemas) {
      const validate = s.validator(apiVersion, kind);
      if (!validate)
        problems.push(`${name(m)}: no schema for ${apiVersion} ${kind} in Kubernetes ${s.kubernetesVersion}`);
      else if (!validate(m.doc))
        for (const e of validate.errors ?? [])
          problems.push(
            `${name(m)} (Kubernetes ${s.kubernetesVersion}): ${e.instancePath || '/'} ${e.message ?? ''}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify(e.params)})` : ''}`,
          );
    }
  }
  return [...new Set(problems), ...crossChecks(manifests)];
}

function crossChecks(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  const byKind = (kind: string) => manifests.filter((m) => m.doc.kind === kind);
  const data = (kind: string, n: string): Record<string, string> => {
    const m = byKind(kind).find((x) => obj(x.doc.metadata).name === n);
    if (!m) return {};
    const d = { ...obj(m.doc.data), ...obj(m.doc.stringData) };
    return Object.fromEntries(
      Object.entries(d).map(([k, v]) => [
        k,
        kind === 'Secret' && m.doc.data && k in obj(m.doc.data)
          ? Buffer.from(str(v), 'base64').toString()
          : str(v),
      ]),
    );
  };

  for (const s of byKind('Secret'))
    for (const [k, v] of Object.entries({ ...obj(s.doc.data), ...obj(s.doc.stringData) }))
      if (/PASSWORD|SECRET|_KEY|TOKEN/.test(k) && !str(v).startsWith('REPLACE_ME'))
        problems.push(`${name(s)}: ${k} must be a REPLACE_ME placeholder (no credentials in the repository)`);

  const deployments = byKind('Deployment');
  for (const d of deployments) {
    const spec = podSpec(d) ?? {};
    const labels = obj(obj(obj(obj(d.doc.spec).template).metadata).labels);
    if (!matches(obj(obj(d.doc.spec).selector), labels))
      problems.push(`${name(d)}: spec.selector does not select its own pod template`);
    for (const c of arr(spec.containers).map(obj)) {
      const image = str(c.image);
      if (!image.startsWith('chorus-')) continue;
      const env: Record<string, string> = {};
      for (const from of arr(c.envFrom).map(obj)) {
        if (from.configMapRef) Object.assign(env, data('ConfigMap', str(obj(from.configMapRef).name)));
        if (from.secretRef) Object.assign(env, data('Secret', str(obj(from.secretRef).name)));
      }
      for (const e of arr(c.env).map(obj)) env[str(e.name)] = str(e.value);
      for (const p of envProblems(env)) problems.push(`${name(d)} container ${str(c.name)}: ${p}`);
      if (probePath(c, 'livenessProbe') !== '/health' || probePath(c, 'readinessProbe') !== '/ready')
        problems.push(
          `${name(d)} container ${str(c.name)}: liveness must probe /health and readiness /ready`,
        );
      const mounts = arr(c.volumeMounts).map(obj);
      if (
        !mounts.some(
          (v) => v.mountPath === (env.CHORUS_VOICES_DIR ?? '/models/voices') && v.readOnly === true,
        )
      )
        problems.push(`${name(d)} container ${str(c.name)}: mount the voices read-only at CHORUS_VOICES_DIR`);
      if (image.startsWith('chorus-worker')) {
        const gpus = str(obj(obj(c.resources).limits)['nvidia.com/gpu']);
        if (gpus !== '1')
          problems.push(
            `${name(d)} container ${str(c.name)}: a worker takes one GPU (limits nvidia.com/gpu: 1)`,
          );
        if (env.DEVICES !== 'cuda:0')
          problems.push(
            `${name(d)} container ${str(c.name)}: DEVICES must be cuda:0 (the one GPU the pod is given)`,
          );
        const port = Number(env.CHORUS_WORKER_METRICS_PORT ?? 9464);
        if (!arr(c.ports).some((p) => obj(p).containerPort === port))
          problems.push(
            `${name(d)} container ${str(c.name)}: expose CHORUS_WORKER_METRICS_PORT ${port} for the probes`,
          );
      }
    }
  }

  for (const kind of ['PodDisruptionBudget', 'Service'])
    for (const m of byKind(kind)) {
      const selector =
        kind === 'Service' ? { matchLabels: obj(obj(m.doc.spec).selector) } : obj(obj(m.doc.spec).selector);
      if (
        !deployments.some((d) => matches(selector, obj(obj(obj(obj(d.doc.spec).template).metadata).labels)))
      )
        problems.push(`${name(m)}: its selector matches no Deployment's pods`);
    }

  const config = Object.assign(
    {},
    ...byKind('ConfigMap').map((c) => data('ConfigMap', str(obj(c.doc.metadata).name))),
  ) as Record<string, string>;
  for (const so of byKind('ScaledObject')) {
    const spec = obj(so.doc.spec);
    const target = str(obj(spec.scaleTargetRef).name);
    const scaled = deployments.find((d) => obj(d.doc.metadata).name === target);
    if (!scaled) problems.push(`${name(so)}: scaleTargetRef ${target} is no Deployment here`);
    else if ('replicas' in obj(scaled.doc.spec))
      problems.push(`${name(so)}: ${target} must not set replicas (KEDA's autoscaler owns the count)`);
    const triggers = arr(spec.triggers).map(obj);
    const kafka = triggers.filter((t) => t.type === 'kafka');
    if (kafka.length === 0) problems.push(`${name(so)}: no kafka (consumer lag) trigger`);
    // One lag trigger per lane: a backlog of interactive work must add workers too.
    for (const lane of JOB_PRIORITIES.map(segmentLane)) {
      const trigger = kafka.find((t) => obj(t.metadata).topic === lane.topic);
      const meta = obj(trigger?.metadata);
      if (!trigger) {
        if (kafka.length > 0) problems.push(`${name(so)}: no lag trigger watches ${lane.topic}`);
        continue;
      }
      if (meta.consumerGroup !== lane.group)
        problems.push(`${name(so)}: the lag trigger of ${lane.topic} must watch the group ${lane.group}`);
      if (config.CHORUS_KAFKA_BROKERS && meta.bootstrapServers !== config.CHORUS_KAFKA_BROKERS)
        problems.push(`${name(so)}: bootstrapServers differs from the ConfigMap's CHORUS_KAFKA_BROKERS`);
      if (!(Number(meta.lagThreshold) > 0))
        problems.push(`${name(so)}: lagThreshold must be a positive number`);
    }
    const partitions = Number(config.CHORUS_SEGMENTS_PARTITIONS ?? 6);
    if (Number(spec.maxReplicaCount ?? 100) > partitions)
      problems.push(
        `${name(so)}: maxReplicaCount ${str(spec.maxReplicaCount)} exceeds the ${partitions} partitions of ${TOPICS.segments} (CHORUS_SEGMENTS_PARTITIONS)`,
      );
    if (
      !triggers.some(
        (t) => t.type === 'prometheus' && /DCGM_FI_DEV_GPU_UTIL/.test(str(obj(t.metadata).query)),
      )
    )
      problems.push(`${name(so)}: no GPU utilisation trigger (prometheus, DCGM_FI_DEV_GPU_UTIL)`);
  }
  return problems;
}

/**
 * Problems in kustomization.yaml: it lists every manifest file of the folder (and only
 * those), and its image names are the ones the containers use.
 */
export function kustomizationProblems(
  kustomization: Obj,
  files: readonly string[],
  manifests: Manifest[],
): string[] {
  const problems: string[] = [];
  if (
    kustomization.apiVersion !== 'kustomize.config.k8s.io/v1beta1' ||
    kustomization.kind !== 'Kustomization'
  )
    problems.push('kustomization.yaml: not a kustomize.config.k8s.io/v1beta1 Kustomization');
  const listed = arr(kustomization.resources).map(str);
  for (const f of files)
    if (!listed.includes(f)) problems.push(`kustomization.yaml: ${f} is not in resources`);
  for (const f of listed)
    if (!files.includes(f)) problems.push(`kustomization.yaml: resource ${f} does not exist`);
  const images = new Set(
    manifests.flatMap((m) => arr(podSpec(m)?.containers).map((c) => str(obj(c).image))).filter(Boolean),
  );
  for (const i of arr(kustomization.images).map(obj))
    if (!images.has(str(i.name)))
      problems.push(`kustomization.yaml: image ${str(i.name)} is used by no container`);
  return problems;
}
