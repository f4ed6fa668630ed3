// Item response functions: the stable logistic and the 1–4PL probability, with derivatives.

/** σ(z) computed without overflow: 1/(1+e^−z) for z ≥ 0, e^z/(1+e^z) otherwise. */
@inline export function logistic(z: f64): f64 {
  if (z >= 0.0) return 1.0 / (1.0 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1.0 + e);
}

/** log σ(z), stable for large |z|. */
@inline export function logLogistic(z: f64): f64 {
  if (z >= 0.0) return -Math.log1p(Math.exp(-z));
  return z - Math.log1p(Math.exp(z));
}

/** log(1 + e^z) = −log σ(−z), without overflow (the calibration's form of the log-likelihood). */
@inline export function softplus(z: f64): f64 {
  return z > 0.0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** P(θ) = c + (d − c)·σ(D·a·(θ − b)). */
@inline export function probability4(Da: f64, b: f64, c: f64, d: f64, theta: f64): f64 {
  return c + (d - c) * logistic(Da * (theta - b));
}

/** Exported for the JS oracle tests: P for one item with explicit parameters. */
export function probability(a: f64, b: f64, c: f64, d: f64, D: f64, theta: f64): f64 {
  return probability4(D * a, b, c, d, theta);
}

/** σ/P for P = c + (d − c)σ, without dividing by an underflowed P: 1/(d − c) when c = 0. */
@inline export function sOverP(s: f64, c: f64, d: f64): f64 {
  return c == 0.0 ? 1.0 / (d - c) : 1.0 / ((d - c) + c / s);
}

/** (1 − σ)/Q for Q = (1 − d) + (d − c)(1 − σ), with t = 1 − σ = σ(−z): 1/(d − c) when d = 1. */
@inline export function tOverQ(t: f64, c: f64, d: f64): f64 {
  return d == 1.0 ? 1.0 / (d - c) : 1.0 / ((d - c) + (1.0 - d) / t);
}
