// Criteria of assembly/criteria.ts (the definitions are documented there, once; the codes are generated).
import { CriterionCode, Grid } from './layout';

export { CriterionCode };
/** A criterion's name. */
export type CriterionName = keyof typeof CriterionCode;
/** Every criterion name, in code order. */
export const CRITERIA: readonly CriterionName[] = Object.freeze(Object.keys(CriterionCode) as CriterionName[]);

/** Equally spaced quadrature nodes on [lo, hi] for MLWI, MPWI, MEPV, KL and KLP. */
export interface QuadratureGrid {
  points: number;
  lo: number;
  hi: number;
}

/** catR's grid: 33 points on [−4, 4]. */
export const DEFAULT_GRID: Readonly<QuadratureGrid> = Object.freeze({ points: 33, lo: -4, hi: 4 });

/** Largest grid assembly/criteria.ts has room for. */
export const MAX_GRID_POINTS: number = Grid.maxPoints;

/**
 * Whether the smallest value of a criterion wins (bOpt, thOpt: distances; MEPV: a variance).
 *
 * @example
 * ```ts
 * smallestWins('mepv'); // returns true
 * smallestWins('kl'); // returns false
 * ```
 */
export function smallestWins(criterion: CriterionName): boolean {
  return criterion === 'bopt' || criterion === 'thopt' || criterion === 'mepv';
}
