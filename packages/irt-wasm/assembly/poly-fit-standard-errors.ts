// Polytomous calibration, the standard errors: each item's block of the observed information (Louis) in the
// working parameters, inverted and carried to the natural ones (a, b_k or d_k) by the delta method.
import {
  CATEGORY_MISSING, PFIT_A, PFIT_CODES, PFIT_NODES, PFIT_POST, PFIT_SCORES, PFIT_SE_A, PFIT_SE_T, PFIT_WINDOW,
  pfitItems, pfitModel, pfitNodeCount, pfitOffset, pfitRegion, pfitStride, pfitSteps, pfitSubjects, pfitThresholds,
} from './poly-fit-layout';
import { polyItemCounts } from './poly-fit-estep';
import {
  M_INFO, M_MOMENT, M_SOLVE, V_GRAD, V_MOMENT, V_STEP, V_X, add, at, categoryScore, cholesky, choleskySolve, mat,
  nodeProbabilities, put, slopeSlots, toWorking, vec,
} from './poly-fit-item';
import { itemEvaluate } from './poly-fit-mstep';
import { MODEL_GRM } from './poly-layout';

/**
 * Standard errors of every item's a and thresholds from its block of the observed information of the
 * marginal log-likelihood (Louis: the complete-data information with the priors' curvature, minus
 * Σ_n Var_posterior(score of subject n)), cross-item covariances ignored, as the 2PL fit does; then
 * Var(t) = ∇t·I⁻¹·∇tᵀ for each natural parameter t. NaN where the block is not positive definite or the
 * item has no answers. Needs a finished E-step.
 */
export function polyFitStandardErrors(): void {
  const N = pfitSubjects;
  const Q = pfitNodeCount;
  const stride = <usize>pfitStride;
  const s = slopeSlots();
  const nodes = pfitRegion(PFIT_NODES);
  const post = pfitRegion(PFIT_POST);
  const window = pfitRegion(PFIT_WINDOW);
  const scores = pfitRegion(PFIT_SCORES);
  const x = vec(V_X);
  const info = mat(M_INFO);
  const m2 = mat(M_MOMENT);
  const L = mat(M_SOLVE);
  const m1 = vec(V_MOMENT);
  const column = vec(V_STEP);
  const gradient = vec(V_GRAD);
  for (let j = 0; j < pfitItems; j++) {
    const K = pfitSteps(j);
    const P = K + s;
    const seT = pfitRegion(PFIT_SE_T) + (<usize>pfitOffset(j) << 3);
    const seA = pfitRegion(PFIT_SE_A) + (<usize>j << 3);
    store<f64>(seA, NaN);
    for (let k = 0; k < K; k++) put(seT, k, NaN);
    if (!(polyItemCounts(j) > 0.0)) continue;
    toWorking(j, x);
    itemEvaluate(x, K, gradient, info);
    // ∇ log P_k(θ_q) of every category and node: SCORES[(k·stride + q)·P …]
    for (let q = 0; q < Q; q++) {
      const theta = load<f64>(nodes + (<usize>q << 3));
      nodeProbabilities(x, K, theta);
      for (let k = 0; k <= K; k++) categoryScore(k, K, theta, scores + ((<usize>k * stride + <usize>q) * <usize>P << 3));
    }
    const codeRow = pfitRegion(PFIT_CODES) + <usize>j * <usize>N;
    for (let n = 0; n < N; n++) {
      const code = <i32>load<u8>(codeRow + <usize>n);
      if (code == CATEGORY_MISSING) continue;
      const row = post + ((<usize>n * stride) << 3);
      let m0 = 0.0;
      memory.fill(m1, 0, <usize>P << 3);
      memory.fill(m2, 0, <usize>(P * P) << 3);
      const hi = min(load<i32>(window + (<usize>n << 3) + 4), Q);
      for (let q = load<i32>(window + (<usize>n << 3)); q < hi; q++) {
        const wp = load<f64>(row + (<usize>q << 3));
        if (wp == 0.0) continue;
        const sc = scores + ((<usize>code * stride + <usize>q) * <usize>P << 3);
        m0 += wp;
        for (let p = 0; p < P; p++) {
          const v = wp * at(sc, p);
          add(m1, p, v);
          for (let r = 0; r <= p; r++) add(m2, p * P + r, v * at(sc, r));
        }
      }
      if (!(m0 > 0.0)) continue;
      for (let p = 0; p < P; p++) {
        for (let r = 0; r <= p; r++) {
          const v = at(m2, p * P + r) - at(m1, p) * at(m1, r) / m0;
          add(info, p * P + r, -v);
          if (r != p) add(info, r * P + p, -v);
        }
      }
    }
    if (!cholesky(info, L, P)) continue;
    const a = s ? at(x, 0) : 1.0;
    const t = pfitThresholds(j);
    if (s) {
      // Var(a) = (I⁻¹)₀₀
      memory.fill(column, 0, <usize>P << 3);
      put(column, 0, 1.0);
      choleskySolve(L, P, column, column);
      store<f64>(seA, Math.sqrt(at(column, 0)));
    }
    for (let k = 0; k < K; k++) {
      // ∇t_k: GRM t = −c_k/a; GPCM t = (c_{k−1} − c_k)/a; ∂t/∂a = −t/a
      memory.fill(gradient, 0, <usize>P << 3);
      if (s) put(gradient, 0, -at(t, k) / a);
      put(gradient, s + k, -1.0 / a);
      if (pfitModel != MODEL_GRM && k > 0) put(gradient, s + k - 1, 1.0 / a);
      choleskySolve(L, P, gradient, column);
      let variance = 0.0;
      for (let p = 0; p < P; p++) variance += at(gradient, p) * at(column, p);
      put(seT, k, variance > 0.0 ? Math.sqrt(variance) : NaN);
    }
  }
}
