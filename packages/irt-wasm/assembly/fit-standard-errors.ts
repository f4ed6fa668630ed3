// 2PL calibration, the standard errors of a and b: each item's 2×2 block of the observed information
// (Louis), from the masses of the last E-step.
import {
  FIT_A, FIT_B, FIT_CODES_T, FIT_ITEM_MASS, FIT_ITEM_SP, FIT_NODES, FIT_RIGHT_MASS, FIT_SE_A, FIT_SE_B,
  FIT_WINDOW, RESPONSE_MISSING, fitItems, fitNodeCount, fitRegion, fitSubjects, posteriorRow,
} from './fit-layout';
import { itemMasses } from './fit-estep';
import { addTerm, clearTermSums, logisticTerm, sumInformation, sumInformationT, sumInformationTT, sumResidual, termInformation } from './fit-logistic';
import { infoXX, infoXY, infoYY } from './fit-item-step';
import { logistic } from './irf';
import { aMeanLog, aPriorOn, aSdLog, bPriorOn, bSd } from './fit-mstep';


/**
 * The exact complete-data information of one item in (a, b), z = a·(θ − b), with the priors' curvature,
 * into fit-item-step.ts's infoXX, infoXY, infoYY (x = a, y = b); reads the masses of itemMasses().
 */
function itemInformationAB(a: f64, b: f64): void {
  const nodes = fitRegion(FIT_NODES);
  const rightMass = fitRegion(FIT_RIGHT_MASS);
  const itemMass = fitRegion(FIT_ITEM_MASS);
  clearTermSums();
  for (let q = 0; q < fitNodeCount; q++) {
    const off = <usize>q << 3;
    const n = load<f64>(itemMass + off);
    const t = load<f64>(nodes + off) - b;
    const p = logisticTerm(a * t);
    addTerm(load<f64>(rightMass + off) - n * p, termInformation(n), t);
  }
  infoXX = sumInformationTT;
  infoXY = sumResidual - a * sumInformationT;
  infoYY = a * a * sumInformation;
  if (aPriorOn && a > 0.0) {
    const s2 = aSdLog * aSdLog;
    const u = Math.log(a) - aMeanLog;
    infoXX += -(1.0 + u / s2 - 1.0 / s2) / (a * a);
  }
  if (bPriorOn) infoYY += 1.0 / (bSd * bSd);
}

/**
 * Standard errors of a and b from each item's 2×2 block of the observed information of the marginal
 * log-likelihood (Louis: complete-data information minus Σ_n w_n·Var_posterior(score of item j)), with
 * the priors' curvature added; cross-item covariances are ignored. Needs a finished E-step.
 */
export function fitStandardErrors(): void {
  const J = fitItems;
  const N = fitSubjects;
  const Q = fitNodeCount;
  const nodes = fitRegion(FIT_NODES);
  const codesT = fitRegion(FIT_CODES_T);
  const A = fitRegion(FIT_A);
  const B = fitRegion(FIT_B);
  const seA = fitRegion(FIT_SE_A);
  const seB = fitRegion(FIT_SE_B);
  const itemSp = fitRegion(FIT_ITEM_SP);
  const window = fitRegion(FIT_WINDOW);
  for (let j = 0; j < J; j++) {
    const off = <usize>j << 3;
    const a = load<f64>(A + off);
    const b = load<f64>(B + off);
    itemMasses(j);
    itemInformationAB(a, b);
    let iaa = infoXX;
    let iab = infoXY;
    let ibb = infoYY;
    // P_q per node, kept in the scratch row.
    for (let q = 0; q < Q; q++) {
      const z = a * (load<f64>(nodes + (<usize>q << 3)) - b);
      store<f64>(itemSp + (<usize>q << 3), logistic(z));
    }
    const rowT = codesT + <usize>j * <usize>N;
    for (let n = 0; n < N; n++) {
      const code = load<u8>(rowT + <usize>n);
      if (code == RESPONSE_MISSING) continue;
      const x = <f64>code;
      const row = posteriorRow(<usize>n);
      // The posterior row carries w_n: Σ_q w·p_q s s^T − (Σ_q w·p_q s)(Σ_q w·p_q s)^T / w, over the
      // subject's window (the row is 0 elsewhere; the window's pad node has weight 0).
      let m0 = 0.0;
      let ma = 0.0;
      let mb = 0.0;
      let maa = 0.0;
      let mab = 0.0;
      let mbb = 0.0;
      const hi = min(load<i32>(window + (<usize>n << 3) + 4), Q);
      for (let q = load<i32>(window + (<usize>n << 3)); q < hi; q++) {
        const wp = load<f64>(row + (<usize>q << 3));
        const residual = x - load<f64>(itemSp + (<usize>q << 3));
        const sa = residual * (load<f64>(nodes + (<usize>q << 3)) - b);
        const sb = -a * residual;
        m0 += wp;
        ma += wp * sa;
        mb += wp * sb;
        maa += wp * sa * sa;
        mab += wp * sa * sb;
        mbb += wp * sb * sb;
      }
      if (m0 > 0.0) {
        iaa -= maa - ma * ma / m0;
        iab -= mab - ma * mb / m0;
        ibb -= mbb - mb * mb / m0;
      }
    }
    const det = iaa * ibb - iab * iab;
    const ok = iaa > 0.0 && ibb > 0.0 && det > 0.0;
    store<f64>(seA + off, ok ? Math.sqrt(ibb / det) : NaN);
    store<f64>(seB + off, ok ? Math.sqrt(iaa / det) : NaN);
  }
}
