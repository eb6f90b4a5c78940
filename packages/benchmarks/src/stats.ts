export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) {
    return ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
  }
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/**
 * Least-squares line through (x, y) points and how straight it is: r² of the linear fit, and the exponent
 * of a power-law fit y = a·x^k on the marginal part (k ≈ 1 is linear growth, k ≈ 2 quadratic).
 */
export function fitLine(points: ReadonlyArray<readonly [number, number]>): { slope: number; intercept: number; r2: number } {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = sxx === 0 || syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2 };
}

/** Exponent k of y ∝ x^k between the first and the last point (log-log slope). */
export function growthExponent(points: ReadonlyArray<readonly [number, number]>): number | undefined {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || first[0] <= 0 || first[1] <= 0 || last[0] <= first[0] || last[1] <= 0) return undefined;
  return Math.log(last[1] / first[1]) / Math.log(last[0] / first[0]);
}
