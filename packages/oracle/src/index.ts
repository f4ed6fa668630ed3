// A plain-TypeScript model of the engine's kernels, written for clarity rather than speed. Property
// tests of irt-wasm and core check the WASM against it; benchmarks use it as the "plain TS" baseline.
// Private to the repository (not published). It imports nothing of ours (irt-wasm's tests use it, so it
// cannot depend on irt-wasm) and has no defaults: callers pass every setting, usually the engine's
// DEFAULT_ENGINE_OPTIONS, so no default is restated here.

/** The estimators the oracle's replay implements. */
export type OracleEstimator = 'map' | 'mle';

/** Item parameters for the oracle (c = 0, d = 1 when omitted). */
export interface OracleBank {
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  c?: ArrayLike<number>;
  d?: ArrayLike<number>;
}

/** Numeric settings, every one given (DEFAULT_ENGINE_OPTIONS of @fluidbench/irt-wasm has them all). */
export interface OracleSettings {
  D: number;
  priorMean: number;
  priorSd: number;
  range: readonly [number, number];
  tolerance: number;
  eapNodes: number;
  maxNewtonSteps: number;
  maxHalvings: number;
  bisectionSteps: number;
}

/**
 * Stable logistic.
 *
 * @example
 * ```ts
 * logistic(0); // returns 0.5
 * ```
 */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function params(bank: OracleBank, i: number) {
  return { a: bank.a[i], b: bank.b[i], c: bank.c ? bank.c[i] : 0, d: bank.d ? bank.d[i] : 1 };
}

/**
 * P(correct) of item i at θ.
 *
 * @example
 * ```ts
 * probability({ a: [1], b: [0] }, 0, 0, 1); // returns 0.5
 * ```
 */
export function probability(bank: OracleBank, i: number, theta: number, D: number): number {
  const { a, b, c, d } = params(bank, i);
  return c + (d - c) * logistic(D * a * (theta - b));
}

/**
 * Fisher information of item i at θ: P'²/(P(1 − P)).
 *
 * @example
 * ```ts
 * information({ a: [2], b: [0] }, 0, 0, 1); // returns 1
 * ```
 */
export function information(bank: OracleBank, i: number, theta: number, D: number): number {
  const { a, b, c, d } = params(bank, i);
  const s = logistic(D * a * (theta - b));
  if (c === 0 && d === 1) return (D * a) ** 2 * s * (1 - s);
  const p = c + (d - c) * s;
  if (p <= 0 || p >= 1) return 0;
  const dp = (d - c) * D * a * s * (1 - s);
  return (dp * dp) / (p * (1 - p));
}

/**
 * The unused item with the most information (lowest index on exact ties); −1 when none is left.
 *
 * @example
 * ```ts
 * selectMaxInformation({ a: [1, 2], b: [0, 0] }, 0, new Set(), 1); // returns 1
 * ```
 */
export function selectMaxInformation(bank: OracleBank, theta: number, used: ReadonlySet<number>, D: number): number {
  let best = -Infinity;
  let bestIndex = -1;
  for (let i = 0; i < bank.a.length; i++) {
    if (used.has(i)) continue;
    const info = information(bank, i, theta, D);
    if (info > best || bestIndex < 0) {
      best = info;
      bestIndex = i;
    }
  }
  return bestIndex;
}

/**
 * Score T(θ) (prior term when precision > 0) and information of the administered items.
 *
 * @example
 * ```ts
 * scoreAndInformation({ a: [2], b: [0] }, [0], [1], 0, 1, DEFAULT_ENGINE_OPTIONS); // returns { score: 1, information: 1 }
 * ```
 */
export function scoreAndInformation(bank: OracleBank, items: readonly number[], responses: readonly number[], theta: number, precision: number, settings: OracleSettings) {
  const { D, priorMean } = settings;
  let score = 0;
  let info = 0;
  items.forEach((item, k) => {
    const { a, b, c, d } = params(bank, item);
    const s = logistic(D * a * (theta - b));
    const p = c + (d - c) * s;
    const pq = p * (1 - p);
    if (pq <= 0) return;
    const dp = (d - c) * D * a * s * (1 - s);
    score += (dp * (responses[k] - p)) / pq;
    info += (dp * dp) / pq;
  });
  return { score: precision * (priorMean - theta) + score, information: info };
}

/**
 * MAP (precision 1/σ0²) or MLE (precision 0) by the design's Newton/backtracking/bisection rules.
 *
 * @example
 * ```ts
 * solve({ a: [1], b: [0] }, [0], [1], 0, 1, DEFAULT_ENGINE_OPTIONS); // the MAP ability after one correct answer
 * ```
 */
export function solve(bank: OracleBank, items: readonly number[], responses: readonly number[], start: number, precision: number, settings: OracleSettings): number {
  const { range, tolerance, maxNewtonSteps, maxHalvings, bisectionSteps } = settings;
  const [lo, hi] = range;
  const at = (t: number) => scoreAndInformation(bank, items, responses, t, precision, settings);
  let theta = Math.min(Math.max(start, lo), hi);
  // no answered item under MLE: a flat likelihood, so the start stands whatever Newton's budget (as the engine)
  if (precision === 0 && items.length === 0) return theta;
  newton: for (let step = 0; step < maxNewtonSteps; step++) {
    const { score, information: info } = at(theta);
    if (Math.abs(score) < tolerance) return theta;
    const slope = -precision - info;
    if (slope === 0 || !Number.isFinite(slope)) break newton;
    let target = Math.min(Math.max(theta - score / slope, lo), hi);
    for (let h = 0; h < maxHalvings; h++) {
      const next = at(target).score;
      if (Math.abs(next) < Math.abs(score) || !Number.isFinite(next)) break;
      target = 0.5 * (target + theta);
    }
    theta = target;
  }
  let sLo = at(lo).score;
  const sHi = at(hi).score;
  if (sLo * sHi <= 0) {
    let left = lo;
    let right = hi;
    for (let i = 0; i < bisectionSteps; i++) {
      const mid = 0.5 * (left + right);
      const sMid = at(mid).score;
      if (Math.abs(sMid) < tolerance) return mid;
      if (sLo * sMid > 0) {
        left = mid;
        sLo = sMid;
      } else right = mid;
    }
    return 0.5 * (left + right);
  }
  return sLo > 0 && sHi > 0 ? hi : lo;
}

/**
 * EAP and posterior SD by the trapezoid rule on equally spaced nodes with a normal prior.
 *
 * @example
 * ```ts
 * eap({ a: [1], b: [0] }, [], [], DEFAULT_ENGINE_OPTIONS).theta; // returns 0 (the prior mean)
 * ```
 */
export function eap(bank: OracleBank, items: readonly number[], responses: readonly number[], settings: OracleSettings) {
  const { range, eapNodes, priorMean, priorSd, D } = settings;
  const nodes = Array.from({ length: eapNodes }, (_, q) => (q === eapNodes - 1 ? range[1] : range[0] + (q * (range[1] - range[0])) / (eapNodes - 1)));
  const logPost = nodes.map((x) => {
    let total = -0.5 * ((x - priorMean) / priorSd) ** 2;
    items.forEach((item, k) => {
      const p = probability(bank, item, x, D);
      total += responses[k] * Math.log(p) + (1 - responses[k]) * Math.log(1 - p);
    });
    return total;
  });
  const top = Math.max(...logPost);
  const w = logPost.map((v, q) => (q === 0 || q === eapNodes - 1 ? 0.5 : 1) * Math.exp(v - top));
  const mass = w.reduce((s, v) => s + v, 0);
  const theta = w.reduce((s, v, q) => s + v * nodes[q], 0) / mass;
  const sd = Math.sqrt(w.reduce((s, v, q) => s + v * (nodes[q] - theta) ** 2, 0) / mass);
  return { theta, se: sd };
}

/**
 * A whole Fluid Benchmarking run (MFI, MAP or MLE).
 *
 * @example
 * ```ts
 * replay({ a: [1, 2], b: [0, 0] }, [1, 0], { nMax: 1, start: 0, estimator: 'map', ...DEFAULT_ENGINE_OPTIONS }).items; // returns [1]
 * ```
 */
export function replay(
  bank: OracleBank, responses: ArrayLike<number>,
  options: { nMax: number; start: number; estimator: OracleEstimator } & OracleSettings,
) {
  const { priorSd, D } = options;
  const precision = options.estimator === 'map' ? 1 / (priorSd * priorSd) : 0;
  const used = new Set<number>();
  const items: number[] = [];
  const xs: number[] = [];
  const abilities: number[] = [];
  const se: number[] = [];
  let theta = options.start;
  const steps = Math.min(options.nMax, bank.a.length);
  for (let k = 0; k < steps; k++) {
    const item = selectMaxInformation(bank, theta, used, D);
    used.add(item);
    items.push(item);
    xs.push(responses[item]);
    theta = solve(bank, items, xs, theta, precision, options);
    abilities.push(theta);
    se.push(1 / Math.sqrt(scoreAndInformation(bank, items, xs, theta, precision, options).information + precision));
  }
  return { items, abilities, se };
}
