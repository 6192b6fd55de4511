/**
 * Platt scaling: p = sigmoid(a * z + b) fitted by Newton's method on weighted log-loss, with the
 * usual target smoothing ((n+ + 1)/(n+ + 2), 1/(n- + 2)) so a small validation set cannot give p = 0 or 1,
 * and a small ridge pulling (a, b) towards (1, 0) so a head with few validation positives (threat) cannot
 * diverge to a step function.
 */
export function fitPlatt(z: readonly number[], y: readonly number[], weight: readonly number[], ridge = 1): { a: number; b: number } {
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i]) pos += weight[i]!;
    else neg += weight[i]!;
  }
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const loss = (a: number, b: number) => {
    let l = 0.5 * ridge * ((a - 1) ** 2 + b ** 2);
    for (let i = 0; i < z.length; i++) {
      const t = y[i] ? hi : lo;
      const m = a * z[i]! + b;
      // log(1 + e^m) - t*m, computed without overflow
      l += weight[i]! * ((m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - t * m);
    }
    return l;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iter = 0; iter < 200; iter++) {
    let gA = ridge * (a - 1);
    let gB = ridge * b;
    let hAA = ridge;
    let hAB = 0;
    let hBB = ridge;
    for (let i = 0; i < z.length; i++) {
      const t = y[i] ? hi : lo;
      const p = 1 / (1 + Math.exp(-(a * z[i]! + b)));
      const d = (p - t) * weight[i]!;
      const q = p * (1 - p) * weight[i]!;
      gA += d * z[i]!;
      gB += d;
      hAA += q * z[i]! * z[i]!;
      hAB += q * z[i]!;
      hBB += q;
    }
    const det = hAA * hBB - hAB * hAB;
    if (!(det > 1e-12)) break;
    const da = (hBB * gA - hAB * gB) / det;
    const db = (hAA * gB - hAB * gA) / det;
    // Backtracking: Newton steps overshoot when the scores are far from 0 (rare heads).
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const gain = current - next;
    current = next;
    if (gain < 1e-10) break;
  }
  return { a, b };
}

/** Softmax temperature minimising the weighted log-loss of the true classes (golden-section search on log T). */
export function fitTemperature(logits: readonly Float64Array[], truth: readonly number[], weight: readonly number[]): number {
  const loss = (T: number) => {
    let l = 0;
    for (let i = 0; i < logits.length; i++) {
      const z = logits[i]!;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of z) max = Math.max(max, v / T);
      let sum = 0;
      for (const v of z) sum += Math.exp(v / T - max);
      l -= weight[i]! * (z[truth[i]!]! / T - max - Math.log(sum));
    }
    return l;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const m1 = hi - g * (hi - lo);
    const m2 = lo + g * (hi - lo);
    if (loss(Math.exp(m1)) < loss(Math.exp(m2))) hi = m2;
    else lo = m1;
  }
  return Math.exp((lo + hi) / 2);
}
