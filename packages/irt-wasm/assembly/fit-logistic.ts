// One item's logistic-regression terms, shared by the calibration's per-item loops: the M-step (over the
// quadrature nodes, fit-mstep.ts), the hierarchical item pass (over the subjects, fit-hierarchical.ts) and the
// standard errors (fit-standard-errors.ts). Each observation at covariate t (a node θ_q, or θ_n − b) with
// linear predictor z contributes a residual (right − weight·P) and an information weight·P(1 − P); the sums
// below are the item's score and information in (slope, intercept) form. The operations are those each loop
// wrote out before, in the same order, so the fits keep their bits.

/** e^−|z| and 1/(1 + e^−|z|) of the last logisticTerm(). */
export let termExp: f64 = 0.0;
export let termInv: f64 = 0.0;

/**
 * σ(z) from one exponential, keeping e = e^−|z| and 1/(1 + e) (termExp, termInv), from which log(1 + e^z) =
 * max(z, 0) + log1p(e) and P(1 − P) = e/(1 + e)² follow without another exponential.
 */
@inline export function logisticTerm(z: f64): f64 {
  const e = Math.exp(-Math.abs(z));
  const inv = 1.0 / (1.0 + e);
  termExp = e;
  termInv = inv;
  return z >= 0.0 ? inv : e * inv;
}

/** weight·P(1 − P) of the last logisticTerm(), as weight·e/(1 + e)². */
@inline export function termInformation(weight: f64): f64 {
  return weight * termExp * termInv * termInv;
}

// Σ residual, Σ residual·t, Σ information, Σ information·t, Σ information·t² of the current item.
export let sumResidual: f64 = 0.0;
export let sumResidualT: f64 = 0.0;
export let sumInformation: f64 = 0.0;
export let sumInformationT: f64 = 0.0;
export let sumInformationTT: f64 = 0.0;

/** Starts an item's sums. */
@inline export function clearTermSums(): void {
  sumResidual = 0.0;
  sumResidualT = 0.0;
  sumInformation = 0.0;
  sumInformationT = 0.0;
  sumInformationTT = 0.0;
}

/** Adds one observation's residual and information at covariate t. */
@inline export function addTerm(residual: f64, information: f64, t: f64): void {
  sumResidual += residual;
  sumResidualT += residual * t;
  sumInformation += information;
  sumInformationT += information * t;
  sumInformationTT += information * t * t;
}
