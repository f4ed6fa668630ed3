// Polytomous calibration (GRM, GPCM, PCM) by marginal maximum likelihood, EM (Bock–Aitkin) over a fixed θ
// quadrature: the driver, one call per EM iteration, as the 2PL fit's fit.ts. The arena is in
// poly-fit-layout.ts, the steps in poly-fit-estep.ts and poly-fit-mstep.ts, the standard errors in
// poly-fit-standard-errors.ts.
import {
  FLAG_AT_BOUND, FLAG_FREE, FLAG_NO_DATA, STAT_AT_BOUND, STAT_LOG_LIKELIHOOD, STAT_LOG_PRIOR, STAT_MAX_CHANGE,
} from './fit-layout';
import { PFIT_FLAGS, pfitAPrior, pfitItems, pfitRegion, pfitSetStat, pfitSteps, pfitTPrior } from './poly-fit-layout';
import { polyExpectation, polyItemCounts } from './poly-fit-estep';
import { V_X, fromWorking, itemAtBound, projectItem, toWorking, vec } from './poly-fit-item';
import { polyItemLogPrior, polyItemMaximize } from './poly-fit-mstep';

function totalLogPrior(): f64 {
  let value = 0.0;
  if (!pfitAPrior && !pfitTPrior) return value;
  for (let j = 0; j < pfitItems; j++) value += polyItemLogPrior(j);
  return value;
}

/** Moves every item's parameters (start values, an extrapolated point) into the box and the GRM order. */
export function polyFitProject(): void {
  const x = vec(V_X);
  for (let j = 0; j < pfitItems; j++) {
    toWorking(j, x);
    projectItem(x, pfitSteps(j));
    fromWorking(j, x);
  }
}

/** Starts EM from the parameters in the arena (projected first): the first E-step. Returns the log-likelihood. */
export function polyEmStart(): f64 {
  polyFitProject();
  const logLik = polyExpectation();
  pfitSetStat(STAT_LOG_LIKELIHOOD, logLik);
  pfitSetStat(STAT_LOG_PRIOR, totalLogPrior());
  pfitSetStat(STAT_MAX_CHANGE, Infinity);
  return logLik;
}

/**
 * One EM iteration: every item's M-step from the posterior of the last E-step, then the E-step at the new
 * parameters. Returns the largest parameter change; the stats hold the log-likelihood and log prior.
 */
export function polyEmIteration(): f64 {
  const flags = pfitRegion(PFIT_FLAGS);
  const x = vec(V_X);
  let maxChange = 0.0;
  let bounded = 0;
  for (let j = 0; j < pfitItems; j++) {
    let flag = FLAG_FREE;
    if (polyItemCounts(j) > 0.0) {
      const change = polyItemMaximize(j);
      if (change > maxChange) maxChange = change;
      toWorking(j, x);
      if (itemAtBound(x, pfitSteps(j))) {
        flag = FLAG_AT_BOUND;
        bounded++;
      }
    } else {
      flag = FLAG_NO_DATA;
    }
    store<i32>(flags + (<usize>j << 2), flag);
  }
  const logLik = polyExpectation();
  pfitSetStat(STAT_LOG_LIKELIHOOD, logLik);
  pfitSetStat(STAT_LOG_PRIOR, totalLogPrior());
  pfitSetStat(STAT_MAX_CHANGE, maxChange);
  pfitSetStat(STAT_AT_BOUND, <f64>bounded);
  return maxChange;
}
