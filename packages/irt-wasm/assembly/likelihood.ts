// Log-likelihood of the administered responses (responses in [0, 1]; fractional ones weight both terms).
import { logistic, logLogistic } from './irf';
import { bankIs2PL, scaleD } from './options';
import { administered, REGION_ADM_A, REGION_ADM_B, REGION_ADM_C, REGION_ADM_D, REGION_ADM_X } from './layout';

/** log L of one item's response x at θ. Terms with zero weight are skipped so 0·log 0 never appears. */
@inline export function itemLogLikelihood(Da: f64, b: f64, c: f64, d: f64, x: f64, theta: f64, is2PL: bool): f64 {
  const z = Da * (theta - b);
  let total = 0.0;
  if (is2PL) {
    if (x != 0.0) total += x * logLogistic(z);
    if (x != 1.0) total += (1.0 - x) * logLogistic(-z);
    return total;
  }
  // log P and log Q from σ(z) and σ(−z) separately: 1 − σ(z) loses its digits as σ → 1, and with c = 0 (d = 1)
  // P (Q) is a bare multiple of σ, whose log stays finite after σ itself underflows.
  if (x != 0.0) total += x * (c == 0.0 ? Math.log(d) + logLogistic(z) : Math.log(c + (d - c) * logistic(z)));
  if (x != 1.0) total += (1.0 - x) * (d == 1.0 ? Math.log(1.0 - c) + logLogistic(-z) : Math.log((1.0 - d) + (d - c) * logistic(-z)));
  return total;
}

/** Σ log P(x_i | θ) over the first k administered items. */
export function logLikelihood(k: i32, theta: f64): f64 {
  let total = 0.0;
  for (let i = 0; i < k; i++) {
    total += itemLogLikelihood(
      scaleD * administered(REGION_ADM_A, i), administered(REGION_ADM_B, i), administered(REGION_ADM_C, i),
      administered(REGION_ADM_D, i), administered(REGION_ADM_X, i), theta, bankIs2PL,
    );
  }
  return total;
}
