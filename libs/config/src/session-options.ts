/** Weights a voice session runs with: the voice as provisioned, or a variant made from it. */
export const PRECISIONS = ['fp32', 'int8', 'fp16'] as const;
export type Precision = (typeof PRECISIONS)[number];

const MODES = ['sequential', 'parallel'] as const;
const OPTIMIZATIONS = ['disabled', 'basic', 'extended', 'all'] as const;

/** How one device's inference session is built (onnxruntime session options, and the weights). */
export interface SessionSettings {
  /** Threads inside one operator; 0 lets onnxruntime choose (one per physical core). */
  intraOpThreads: number;
  /** Threads running independent operators side by side (parallel mode only); 0: onnxruntime's choice. */
  interOpThreads: number;
  executionMode: (typeof MODES)[number];
  graphOptimization: (typeof OPTIMIZATIONS)[number];
  /** onnxruntime's CPU memory arena (`enableCpuMemArena`). */
  memArena: boolean;
  /** Pre-planned allocations (`enableMemPattern`); only pays off when shapes repeat. */
  memPattern: boolean;
  /** Whether idle intra-op threads spin waiting for work (`session.intra_op.allow_spinning`). */
  spinning: boolean;
  precision: Precision;
}

/**
 * What a device gets when CHORUS_SESSION_OPTIONS says nothing about it, tuned on a 2-core
 * CPU (docs/benchmarks.md): onnxruntime's own thread choice, one operator at a time, full
 * graph optimization, float32 weights, and intra-op threads that sleep instead of spinning
 * between operators: with anything else running on the machine (the worker's own encoding,
 * storage and Kafka work, other processes) a spinning thread holds a core the others need,
 * and throughput fell by half in the measurement.
 */
export function defaultSessionSettings(intraOpThreads = 0): SessionSettings {
  return {
    intraOpThreads,
    interOpThreads: 0,
    executionMode: 'sequential',
    graphOptimization: 'all',
    memArena: true,
    memPattern: true,
    spinning: false,
    precision: 'fp32',
  };
}

/** One `SELECTOR=key:value,...` entry of CHORUS_SESSION_OPTIONS. */
export interface SessionRule {
  /** `*`, a device kind (`cpu`, `cuda`) or one device (`cuda:1`). */
  selector: string;
  options: Partial<SessionSettings>;
}

const KEYS: Record<string, (v: string) => Partial<SessionSettings>> = {
  threads: (v) => ({ intraOpThreads: count(v) }),
  interThreads: (v) => ({ interOpThreads: count(v) }),
  mode: (v) => ({ executionMode: oneOf(v, MODES) }),
  optimization: (v) => ({ graphOptimization: oneOf(v, OPTIMIZATIONS) }),
  arena: (v) => ({ memArena: flag(v) }),
  memPattern: (v) => ({ memPattern: flag(v) }),
  spinning: (v) => ({ spinning: flag(v) }),
  precision: (v) => ({ precision: oneOf(v, PRECISIONS) }),
};

function count(v: string): number {
  if (!/^\d{1,3}$/.test(v)) throw new Error(`"${v}" is not a thread count (0 to 999)`);
  return Number(v);
}

function flag(v: string): boolean {
  if (v === 'on' || v === 'true') return true;
  if (v === 'off' || v === 'false') return false;
  throw new Error(`"${v}" is not on/off`);
}

function oneOf<T extends string>(v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v))
    throw new Error(`"${v}" is not one of ${allowed.join(', ')}`);
  return v as T;
}

/**
 * Parses `cpu=threads:2,spinning:off;cuda:0=precision:fp16`: entries separated by `;`, each a
 * selector, `=`, and `key:value` pairs separated by `,`. Throws an Error naming the bad part.
 */
export function parseSessionRules(text: string): SessionRule[] {
  const rules: SessionRule[] = [];
  for (const entry of text
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    const selector = (eq < 0 ? '' : entry.slice(0, eq)).trim();
    if (!/^(\*|cpu|cuda|(cpu|cuda):\d+)$/.test(selector))
      throw new Error(
        `"${entry}": expected SELECTOR=key:value,... with SELECTOR *, cpu, cuda, cpu:N or cuda:N`,
      );
    const options: Partial<SessionSettings> = {};
    for (const pair of entry
      .slice(eq + 1)
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [key = '', value = '', ...rest] = pair.split(':').map((p) => p.trim());
      const parse = KEYS[key];
      if (!parse || rest.length > 0)
        throw new Error(
          `"${pair}" in "${entry}": expected key:value with key one of ${Object.keys(KEYS).join(', ')}`,
        );
      try {
        Object.assign(options, parse(value));
      } catch (err) {
        throw new Error(`${key} in "${entry}": ${(err as Error).message}`, { cause: err });
      }
    }
    rules.push({ selector, options });
  }
  return rules;
}

/**
 * The settings one device's session gets: the defaults, then the rules for every device (`*`),
 * for its kind (`cpu`), for itself (`cpu:1`), each overriding the one before.
 */
export function sessionSettingsFor(
  device: string,
  rules: readonly SessionRule[],
  defaults: SessionSettings,
): SessionSettings {
  const kind = device.split(':')[0];
  const rank = (selector: string) =>
    selector === '*' ? 0 : selector === kind ? 1 : selector === device ? 2 : -1;
  return rules
    .filter((r) => rank(r.selector) >= 0)
    .sort((a, b) => rank(a.selector) - rank(b.selector))
    .reduce<SessionSettings>((s, r) => ({ ...s, ...r.options }), { ...defaults });
}
