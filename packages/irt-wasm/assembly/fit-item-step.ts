// One accepted step of an item's two parameters (x, y) in the calibration: the step is projected onto the box
// (x into [xLow, xHigh], then y into ±yLimit(x)) and halved until the objective does not drop, so every
// update is monotone. Shared by the M-step (fit-mstep.ts, in (a, d)) and the hierarchical item update
// (fit-hierarchical.ts, in (log a, b)); the objective and the y-limit are functions of those files.
import { clampTo } from './math';

// Gradient and information (negative Hessian) of an item's objective in (x, y) at its last evaluation: written
// by the objective (the M-step's itemEvaluate, the hierarchical itemPass, the standard errors'
// itemInformationAB), read by the step that follows. Never two of them at once: they belong to different fits.
export let gradX: f64 = 0.0;
export let gradY: f64 = 0.0;
export let infoXX: f64 = 0.0;
export let infoXY: f64 = 0.0;
export let infoYY: f64 = 0.0;

/** Halvings of a step before an item gives up for this round. */
export const MAX_STEP_HALVINGS: i32 = 30;

/** The accepted point and its objective value (set when halvedStep() returns true). */
export let stepX: f64 = 0.0;
export let stepY: f64 = 0.0;
export let stepValue: f64 = 0.0;

/**
 * Tries (x + dx, y + dy), projected onto the box, then halves (dx, dy) until `objective` is at least
 * `value` (at most MAX_STEP_HALVINGS times). Returns whether a point was accepted (stepX, stepY, stepValue).
 */
export function halvedStep(
  x: f64, y: f64, dx: f64, dy: f64, value: f64, xLow: f64, xHigh: f64,
  yLimit: (x: f64) => f64, objective: (x: f64, y: f64) => f64,
): bool {
  for (let h = 0; h <= MAX_STEP_HALVINGS; h++) {
    const nx = clampTo(x + dx, xLow, xHigh);
    const limit = yLimit(nx);
    const ny = clampTo(y + dy, -limit, limit);
    const candidate = objective(nx, ny);
    if (candidate >= value) {
      stepX = nx;
      stepY = ny;
      stepValue = candidate;
      return true;
    }
    dx *= 0.5;
    dy *= 0.5;
  }
  return false;
}

/** The Newton step H⁻¹g of a 2×2 system (stepDx, stepDy), given det = hxx·hyy − hxy². */
export let stepDx: f64 = 0.0;
export let stepDy: f64 = 0.0;

@inline export function solve2(hxx: f64, hxy: f64, hyy: f64, gx: f64, gy: f64, det: f64): void {
  stepDx = (hyy * gx - hxy * gy) / det;
  stepDy = (hxx * gy - hxy * gx) / det;
}
