// Run-wide settings, written by setOptions() before a run; kernels read them as globals so that hot loops
// take no long argument lists.

/** Scaling constant D of the logistic (1 = logistic metric, 1.702 ≈ normal ogive). */
export let scaleD: f64 = 1.0;
/** Normal prior mean μ0 (MAP, EAP). */
export let priorMean: f64 = 0.0;
/** Normal prior SD σ0 (MAP, EAP). */
export let priorSd: f64 = 1.0;
/** Ability range [rangeLo, rangeHi] for every estimator. */
export let rangeLo: f64 = -4.0;
export let rangeHi: f64 = 4.0;
/** Newton stops when |T(θ)| < scoreTolerance. */
export let scoreTolerance: f64 = 1e-6;
export let maxNewtonSteps: i32 = 100;
export let maxHalvings: i32 = 15;
export let bisectionSteps: i32 = 80;
/** EAP: number of quadrature nodes (equally spaced on the range) and prior kind (0 normal, 1 uniform). */
export let eapNodes: i32 = 33;
export let eapPriorKind: i32 = 0;

/** Items in the loaded bank, and whether every item has c = 0 and d = 1 (the fast 2PL paths). */
export let bankSize: i32 = 0;
export let bankIs2PL: bool = true;

export function setOptions(
  D: f64, mean: f64, sd: f64, lo: f64, hi: f64, tolerance: f64,
  newtonSteps: i32, halvings: i32, bisections: i32, nodes: i32, priorKind: i32,
): void {
  scaleD = D;
  priorMean = mean;
  priorSd = sd;
  rangeLo = lo;
  rangeHi = hi;
  scoreTolerance = tolerance;
  maxNewtonSteps = newtonSteps;
  maxHalvings = halvings;
  bisectionSteps = bisections;
  eapNodes = nodes;
  eapPriorKind = priorKind;
}

export function setBankShape(nItems: i32, is2PL: i32): void {
  bankSize = nItems;
  bankIs2PL = is2PL != 0;
}
