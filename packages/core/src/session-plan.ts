import { resolveContent, type ContentPlan } from './content';
import { InvalidArgumentError } from './errors';
import { checkExposure } from './exposure';
import type { AnyItemBank } from './poly-item-bank';
import type { resolveRunOptions, RunOptions } from './options';
import { resolveGrid, rowsOf, type QuadratureGrid } from './selection';
import { resolveStartRule, type StartPlan } from './start-rule';
import { checkStopRule, parseStopExpression, type StopRule } from './stopping';

/** Everything beyond the paper's rule that a session applies, checked once against the bank. */
export interface SessionPlan {
  /** True when selection is the paper's (or the plain random order): the original, pruned path. */
  plain: boolean;
  /** 1 for items that may never be given (exclude, outside include, no response in a batch). */
  blocked: Uint8Array;
  grid: QuadratureGrid;
  randomesque: number;
  /** Sympson–Hetter probabilities, or null. */
  exposure: Float64Array | null;
  content: ContentPlan | null;
  start: StartPlan | null;
  /** The stop rule (the `minSe` option first, then `stop`), or null. */
  stop: StopRule | null;
  minItems: number;
}

/**
 * Resolves the adaptive-testing options of a run against a bank; every bad value is an InvalidArgumentError.
 *
 * @example
 * ```ts
 * resolveSessionPlan(bank, { randomesque: 5 }, resolveRunOptions({ randomesque: 5 })).plain; // returns false
 * ```
 */
export function resolveSessionPlan(bank: AnyItemBank, options: RunOptions, run: ReturnType<typeof resolveRunOptions>): SessionPlan {
  const n = bank.size;
  const blocked = new Uint8Array(n);
  if (options.include !== undefined) {
    blocked.fill(1);
    for (const row of rowsOf(bank, options.include, 'include')) blocked[row] = 0;
  }
  if (options.exclude !== undefined) for (const row of rowsOf(bank, options.exclude, 'exclude')) blocked[row] = 1;
  const randomesque = options.randomesque ?? 1;
  if (!(Number.isInteger(randomesque) && randomesque >= 1)) throw new InvalidArgumentError('randomesque', options.randomesque, 'must be a positive integer');
  const exposure = options.exposure ? checkExposure(options.exposure, n).parameters : null;
  const content = options.content ? resolveContent(bank, options.content) : null;
  if (content) for (let i = 0; i < n; i++) if (content.groupOf[i] < 0) blocked[i] = 1;
  const start = options.startRule ? resolveStartRule(bank, options.startRule, run.start) : null;
  let minItems = options.minItems ?? 0;
  let rule: StopRule | null = null;
  if (typeof options.stop === 'string') {
    const parsed = parseStopExpression(options.stop);
    rule = parsed.rule ?? null;
    if (parsed.minItems !== undefined && options.minItems === undefined) minItems = parsed.minItems;
  } else if (options.stop !== undefined) {
    rule = checkStopRule(options.stop);
  }
  if (!(Number.isInteger(minItems) && minItems >= 0)) throw new InvalidArgumentError('minItems', minItems, 'must be a non-negative integer');
  if (minItems > run.nMax) throw new InvalidArgumentError('minItems', minItems, `must not exceed nMax (${run.nMax})`);
  if (run.minSe > 0) rule = rule ? { any: [{ rule: 'min_se', se: run.minSe }, rule] } : { rule: 'min_se', se: run.minSe };
  const plain = (run.selector === 'mfi' || run.selector === 'random') && options.include === undefined
    && options.exclude === undefined && randomesque === 1 && !exposure && !content && !start;
  return { plain, blocked, grid: resolveGrid(options.grid), randomesque, exposure, content, start, stop: rule, minItems };
}
