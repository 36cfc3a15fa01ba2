import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../../..');

/** Every `name: 'chorus_…'` metric the apps define (API and worker registries). */
function definedMetrics(): Set<string> {
  const names = new Set<string>();
  for (const dir of ['apps/api/src', 'apps/synth-worker/src']) {
    for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
      const source = readFileSync(join(ROOT, dir, file), 'utf8');
      for (const m of source.matchAll(/name: '(chorus_[a-z_]+)'/g)) names.add(m[1]!);
    }
  }
  return names;
}

describe('deploy/grafana/chorus.json', () => {
  const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/chorus.json'), 'utf8')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };

  it('queries only metrics the code defines', () => {
    const defined = definedMetrics();
    const queried = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) => [...t.expr.matchAll(/chorus_[a-z_]+/g)].map((m) => m[0])),
    );
    expect(queried.length).toBeGreaterThan(10);
    const base = (n: string) => n.replace(/_(bucket|sum|count)$/, '');
    expect(queried.filter((n) => !defined.has(n) && !defined.has(base(n)))).toEqual([]);
  });
});
