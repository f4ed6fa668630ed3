// Independent reference estimates for the regression tests, written from the formulas (not from the engine):
// catR's WLE equation (thetaEst(method = "WL"), catR 3.17 R/thetaEst.R) solved by bisection in log space,
// and the posterior mean and SD of EAP by a dense trapezoid rule.
//
// WLE (Warm 1989; catR): f(θ) = Σ P'_i(x_i − P_i)/(P_i Q_i) + Σ J_i / (2 Σ I_i), I_i = P'_i²/(P_i Q_i),
// J_i = P'_i P''_i/(P_i Q_i), P = c + (d − c)σ(Da(θ − b)), P' = (d − c)·Da·σ(1 − σ), P'' = P'·Da·(1 − 2σ).
// catR returns the range end f points to when f has one sign on the whole range, else uniroot's root.

export interface ReferenceItem {
  a: number;
  b: number;
  c?: number;
  d?: number;
}

/** log σ(z) without overflow or underflow to −∞ for finite z. */
function logSigmoid(z: number): number {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

/** log(e^x + e^y), with log 0 = −∞. */
function logAdd(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  const top = Math.max(x, y);
  return top + Math.log(Math.exp(x - top) + Math.exp(y - top));
}

/** A signed quantity kept as sign and log magnitude, so sums of underflowing terms keep their ratios. */
interface LogTerm {
  sign: number;
  log: number;
}

function sumLogTerms(terms: LogTerm[]): { sign: number; log: number } {
  const top = Math.max(...terms.map((t) => t.log));
  if (top === -Infinity) return { sign: 0, log: -Infinity };
  const total = terms.reduce((sum, t) => sum + t.sign * Math.exp(t.log - top), 0);
  return { sign: Math.sign(total), log: top + Math.log(Math.abs(total)) };
}

/** catR's weighted score f(θ), evaluated in log space. */
export function wleEquation(items: readonly ReferenceItem[], responses: readonly number[], theta: number, D = 1): number {
  let score = 0;
  const information: LogTerm[] = [];
  const skew: LogTerm[] = [];
  items.forEach((item, i) => {
    const c = item.c ?? 0;
    const d = item.d ?? 1;
    const Da = D * item.a;
    const z = Da * (theta - item.b);
    const logS = logSigmoid(z);
    const logT = logSigmoid(-z);
    const logP = logAdd(c > 0 ? Math.log(c) : -Infinity, Math.log(d - c) + logS);
    const logQ = logAdd(d < 1 ? Math.log(1 - d) : -Infinity, Math.log(d - c) + logT);
    const logDp = Math.log(d - c) + Math.log(Math.abs(Da)) + logS + logT;
    const oneMinusTwoS = Math.exp(logT) - Math.exp(logS);
    const logDdp = logDp + Math.log(Math.abs(Da)) + Math.log(Math.abs(oneMinusTwoS));
    const x = responses[i];
    const residual = x * Math.exp(logQ) - (1 - x) * Math.exp(logP); // x − P, exact for P near 1
    score += Math.sign(Da) * Math.exp(logDp - logP - logQ) * residual;
    information.push({ sign: 1, log: 2 * logDp - logP - logQ });
    skew.push({ sign: Math.sign(Da) * Math.sign(oneMinusTwoS), log: logDp + logDdp - logP - logQ });
  });
  const i = sumLogTerms(information);
  const j = sumLogTerms(skew);
  const correction = i.sign === 0 || j.sign === 0 ? 0 : j.sign * Math.exp(j.log - i.log) / 2;
  return score + correction;
}

/** The WLE on `range` by catR's rule: the end f points to when f keeps one sign, else the root (bisection to 1e-14). */
export function referenceWle(items: readonly ReferenceItem[], responses: readonly number[], range: [number, number] = [-4, 4], D = 1): number {
  let [lo, hi] = range;
  let fLo = wleEquation(items, responses, lo, D);
  const fHi = wleEquation(items, responses, hi, D);
  if (fLo < 0 && fHi < 0) return lo;
  if (fLo > 0 && fHi > 0) return hi;
  while (hi - lo > 1e-14 * Math.max(1, Math.abs(lo))) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    const fMid = wleEquation(items, responses, mid, D);
    if (Math.sign(fMid) === Math.sign(fLo)) {
      lo = mid;
      fLo = fMid;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}

/** Test information Σ P'²/(PQ) in log space (exact where 1 − P rounds to 0). */
export function referenceInformation(items: readonly ReferenceItem[], theta: number, D = 1): number {
  const terms = items.map((item) => {
    const c = item.c ?? 0;
    const d = item.d ?? 1;
    const z = D * item.a * (theta - item.b);
    const logS = logSigmoid(z);
    const logT = logSigmoid(-z);
    const logP = logAdd(c > 0 ? Math.log(c) : -Infinity, Math.log(d - c) + logS);
    const logQ = logAdd(d < 1 ? Math.log(1 - d) : -Infinity, Math.log(d - c) + logT);
    return { sign: 1, log: 2 * (Math.log(d - c) + Math.log(Math.abs(D * item.a)) + logS + logT) - logP - logQ };
  });
  const sum = sumLogTerms(terms);
  return sum.sign === 0 ? 0 : Math.exp(sum.log);
}

/**
 * Posterior mean and SD under N(μ0, σ0²) (or a flat prior) on `range`, by the trapezoid rule on `nodes`
 * equally spaced points: with nodes far denser than the posterior is wide, this is the true EAP on the range.
 */
export function denseEap(
  items: readonly ReferenceItem[], responses: readonly number[],
  { range = [-4, 4] as [number, number], nodes = 100_001, prior = 'normal' as 'normal' | 'uniform', priorMean = 0, priorSd = 1, D = 1 } = {},
): { theta: number; se: number } {
  const logPost = new Float64Array(nodes);
  const grid = new Float64Array(nodes);
  let top = -Infinity;
  for (let q = 0; q < nodes; q++) {
    const theta = range[0] + ((range[1] - range[0]) * q) / (nodes - 1);
    grid[q] = theta;
    let v = prior === 'normal' ? -0.5 * ((theta - priorMean) / priorSd) ** 2 : 0;
    items.forEach((item, i) => {
      const c = item.c ?? 0;
      const d = item.d ?? 1;
      const z = D * item.a * (theta - item.b);
      const logP = logAdd(c > 0 ? Math.log(c) : -Infinity, Math.log(d - c) + logSigmoid(z));
      const logQ = logAdd(d < 1 ? Math.log(1 - d) : -Infinity, Math.log(d - c) + logSigmoid(-z));
      v += responses[i] * logP + (1 - responses[i]) * logQ;
    });
    logPost[q] = v;
    if (v > top) top = v;
  }
  let mass = 0;
  let first = 0;
  for (let q = 0; q < nodes; q++) {
    const w = (q === 0 || q === nodes - 1 ? 0.5 : 1) * Math.exp(logPost[q] - top);
    mass += w;
    first += w * grid[q];
  }
  const mean = first / mass;
  let second = 0;
  for (let q = 0; q < nodes; q++) {
    const w = (q === 0 || q === nodes - 1 ? 0.5 : 1) * Math.exp(logPost[q] - top);
    second += w * (grid[q] - mean) ** 2;
  }
  return { theta: mean, se: Math.sqrt(second / mass) };
}
