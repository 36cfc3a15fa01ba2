/** Signal checks used by tests, benchmarks and the fidelity report. */

export function rms(x: ArrayLike<number>, scale = 1): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += ((x[i] ?? 0) / scale) ** 2;
  return x.length ? Math.sqrt(sum / x.length) : 0;
}

/** Pearson correlation over the first min(len) samples. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const cov = sab - (sa * sb) / n;
  const den = Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
  return den === 0 ? 0 : cov / den;
}

/** Longest run of consecutive samples at or beyond `limit` in magnitude (clipping shows as runs). */
export function longestRunAtLimit(x: ArrayLike<number>, limit: number): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < x.length; i++) {
    run = Math.abs(x[i] ?? 0) >= limit ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

export function countNonFinite(x: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) n++;
  return n;
}
