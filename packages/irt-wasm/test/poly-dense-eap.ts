// The posterior of graded items from the models' definitions, integrated densely in plain TS: the reference
// for EAP where catR's 33-node grid cannot resolve the posterior (poly-eap-narrow and poly-catr tests).
import type { PolyModel } from '../src/index';

export interface ReferenceItem {
  a: number;
  thresholds: number[];
}

const logistic = (z: number) => 1 / (1 + Math.exp(-z));

/** P(X = x | θ) by definition: GRM σ(a(θ − b_x)) − σ(a(θ − b_{x+1})); GPCM exp Σ_{t≤x} a(θ − d_t) normalized. */
export function categoryProbability(model: PolyModel, item: ReferenceItem, theta: number, x: number): number {
  const K = item.thresholds.length;
  if (model === 'grm') {
    const upper = x === 0 ? 1 : logistic(item.a * (theta - item.thresholds[x - 1]));
    const lower = x === K ? 0 : logistic(item.a * (theta - item.thresholds[x]));
    return upper - lower;
  }
  const z = [0];
  for (let k = 1; k <= K; k++) z.push(z[k - 1] + item.a * (theta - item.thresholds[k - 1]));
  const top = Math.max(...z);
  const total = z.reduce((sum, v) => sum + Math.exp(v - top), 0);
  return Math.exp(z[x] - top) / total;
}

/**
 * Posterior mean and SD on [−4, 4] under a N(0, 1) prior, trapezoid on `nodes` equally spaced nodes (33: catR's
 * EAP; 100,001: the true posterior to ~1e-9).
 *
 * @example
 * ```ts
 * denseEap('grm', [{ a: 1, thresholds: [0] }], [1], 33).theta; // returns catR's EAP for one 2PL item answered right
 * ```
 */
export function denseEap(model: PolyModel, items: readonly ReferenceItem[], responses: readonly number[], nodes = 100_001) {
  const h = 8 / (nodes - 1);
  const logPost = new Float64Array(nodes);
  for (let q = 0; q < nodes; q++) {
    const theta = -4 + q * h;
    let v = -0.5 * theta * theta;
    items.forEach((item, i) => (v += Math.log(Math.max(categoryProbability(model, item, theta, responses[i]), 1e-300))));
    logPost[q] = v;
  }
  let top = -Infinity;
  for (const v of logPost) top = Math.max(top, v);
  let mass = 0;
  let first = 0;
  let second = 0;
  logPost.forEach((v, q) => {
    const theta = -4 + q * h;
    const w = (q === 0 || q === nodes - 1 ? 0.5 : 1) * Math.exp(v - top);
    mass += w;
    first += w * theta;
    second += w * theta * theta;
  });
  const theta = first / mass;
  return { theta, se: Math.sqrt(second / mass - theta * theta) };
}
