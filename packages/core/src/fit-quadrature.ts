// Quadrature rules of the MML fit: equally spaced nodes with N(0, 1) weights (mirt's), or Gauss–Hermite (ltm's).

/** Equally spaced nodes on the range with normalized log N(0, 1) weights. */
export function normalQuadrature(count: number, range: readonly [number, number]): { nodes: Float64Array; logWeights: Float64Array } {
  const [lo, hi] = range;
  const nodes = new Float64Array(count);
  const logWeights = new Float64Array(count);
  for (let q = 0; q < count; q++) {
    nodes[q] = q === count - 1 ? hi : lo + (q * (hi - lo)) / (count - 1);
    logWeights[q] = -0.5 * nodes[q] * nodes[q];
  }
  let top = -Infinity;
  for (const v of logWeights) top = Math.max(top, v);
  let sum = 0;
  for (const v of logWeights) sum += Math.exp(v - top);
  const logSum = top + Math.log(sum);
  for (let q = 0; q < count; q++) logWeights[q] -= logSum;
  return { nodes, logWeights };
}

/**
 * The n-point Gauss–Hermite rule for the N(0, 1) density: nodes √2·z_i and weights w_i/√π from the rule for
 * e^{−z²}, found by Newton's method on the orthonormal Hermite recurrence (the usual asymptotic start values).
 */
export function gaussHermiteQuadrature(count: number): { nodes: Float64Array; logWeights: Float64Array } {
  const z = new Float64Array(count);
  const w = new Float64Array(count);
  const half = Math.floor((count + 1) / 2);
  const piQuarter = Math.pow(Math.PI, -0.25);
  let root = 0;
  for (let i = 0; i < half; i++) {
    if (i === 0) root = Math.sqrt(2 * count + 1) - 1.85575 * Math.pow(2 * count + 1, -1 / 6);
    else if (i === 1) root -= (1.14 * Math.pow(count, 0.426)) / root;
    else if (i === 2) root = 1.86 * root - 0.86 * z[0];
    else if (i === 3) root = 1.91 * root - 0.91 * z[1];
    else root = 2 * root - z[i - 2];
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p1 = piQuarter;
      let p2 = 0;
      for (let k = 1; k <= count; k++) {
        const p3 = p2;
        p2 = p1;
        p1 = root * Math.sqrt(2 / k) * p2 - Math.sqrt((k - 1) / k) * p3;
      }
      derivative = Math.sqrt(2 * count) * p2;
      const previous = root;
      root = previous - p1 / derivative;
      if (Math.abs(root - previous) <= 1e-15 * Math.max(1, Math.abs(root))) break;
    }
    z[i] = root;
    z[count - 1 - i] = -root;
    w[i] = 2 / (derivative * derivative);
    w[count - 1 - i] = w[i];
  }
  const nodes = new Float64Array(count);
  const logWeights = new Float64Array(count);
  for (let q = 0; q < count; q++) {
    // Ascending nodes; weights normalized to sum to 1 (they do up to rounding: Σw = √π).
    nodes[q] = Math.SQRT2 * z[count - 1 - q];
    logWeights[q] = Math.log(w[count - 1 - q] / Math.sqrt(Math.PI));
  }
  return { nodes, logWeights };
}
