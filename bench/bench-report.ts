import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { relative, resolve } from 'node:path';
import { version as ortVersion } from 'onnxruntime-node/package.json';

/** The machine and moment a benchmark ran on, written into its JSON. */
export interface Conditions {
  date: string;
  commit: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  onnxruntimeNode: string;
  /** 1-minute load average when the run started and ended: other work on the machine shows here. */
  loadStart: number;
  loadEnd?: number;
  command: string;
}

export function conditions(): Conditions {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a checkout
  }
  return {
    date: new Date().toISOString(),
    commit,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    onnxruntimeNode: ortVersion,
    loadStart: loadavg()[0] ?? 0,
    command: `npx tsx ${[relative(process.cwd(), process.argv[1] ?? ''), ...process.argv.slice(2)].join(' ')}`,
  };
}

/**
 * Writes `out/bench/NAME/<date>.json` (every run kept) and `out/bench/NAME/latest.json`.
 * Returns the dated path.
 */
export function writeReport(name: string, cond: Conditions, data: object): string {
  const dir = resolve(__dirname, '../out/bench', name);
  mkdirSync(dir, { recursive: true });
  const body = `${JSON.stringify({ benchmark: name, conditions: { ...cond, loadEnd: loadavg()[0] }, ...data }, null, 2)}\n`;
  const file = resolve(dir, `${cond.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, body);
  writeFileSync(resolve(dir, 'latest.json'), body);
  return file;
}

/** A fixed-width text table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ')).join('\n');
}

/** CPU seconds this process has used (all its threads). */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
