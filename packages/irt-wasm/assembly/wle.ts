// Warm's weighted likelihood estimate: the root of Σ P'(x − P)/(PQ) + J/(2I), J = Σ P'P''/(PQ), found by
// bisection on the range (the function can be flat, so no Newton); its SE is 1/sqrt(I).
import { logistic } from './irf';
import { rangeHi, rangeLo, scaleD } from './options';
import { region, REGION_ADM_A, REGION_ADM_B, REGION_ADM_C, REGION_ADM_D, REGION_ADM_X } from './layout';

const WLE_BISECTIONS: i32 = 200;
const WLE_WIDTH: f64 = 1e-13;

/** The weighted score at θ over the first k administered items. */
export function wleScore(k: i32, theta: f64): f64 {
  const admA = region(REGION_ADM_A);
  const admB = region(REGION_ADM_B);
  const admC = region(REGION_ADM_C);
  const admD = region(REGION_ADM_D);
  const admX = region(REGION_ADM_X);
  const D = scaleD;
  let score = 0.0;
  let information = 0.0;
  let skew = 0.0;
  for (let i = 0; i < k; i++) {
    const off = <usize>i << 3;
    const Da = D * load<f64>(admA + off);
    const c = load<f64>(admC + off);
    const d = load<f64>(admD + off);
    const s = logistic(Da * (theta - load<f64>(admB + off)));
    const p = c + (d - c) * s;
    const pq = p * (1.0 - p);
    if (pq <= 0.0) continue;
    const ds = s * (1.0 - s);
    const dp = (d - c) * Da * ds;
    const ddp = (d - c) * Da * Da * ds * (1.0 - 2.0 * s);
    score += (dp * (load<f64>(admX + off) - p)) / pq;
    information += (dp * dp) / pq;
    skew += (dp * ddp) / pq;
  }
  if (information <= 0.0) return score;
  return score + skew / (2.0 * information);
}

/** WLE over the first k administered items; a range end when the weighted score keeps one sign. */
export function wleEstimate(k: i32): f64 {
  let left = rangeLo;
  let right = rangeHi;
  let scoreLeft = wleScore(k, left);
  const scoreRight = wleScore(k, right);
  if (scoreLeft * scoreRight > 0.0) return scoreLeft > 0.0 ? right : left;
  if (scoreLeft == 0.0) return left;
  if (scoreRight == 0.0) return right;
  for (let i = 0; i < WLE_BISECTIONS && right - left > WLE_WIDTH; i++) {
    const mid = 0.5 * (left + right);
    const scoreMid = wleScore(k, mid);
    if (scoreMid == 0.0) return mid;
    if (scoreLeft * scoreMid > 0.0) {
      left = mid;
      scoreLeft = scoreMid;
    } else {
      right = mid;
    }
  }
  return 0.5 * (left + right);
}
