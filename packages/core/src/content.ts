import { InvalidArgumentError } from './errors';
import type { AnyItemBank } from './poly-item-bank';
import type { SeededRandom } from './random';

/** Content balancing (Kingsbury–Zara, catR's `cbControl`): every item's group and the target shares. */
export interface ContentOptions {
  /** The group of every item, in bank order; or 'mmlu': the subject parsed from ids `mmlu_<subject>_<n>`. */
  groups: ArrayLike<string> | 'mmlu';
  /**
   * Target share per group (any positive scale; normalized unless they sum to 1). Default: the bank's own proportions. Groups
   * left out (or at 0) are never given, as in catR.
   */
  targets?: Readonly<Record<string, number>>;
}

/** Resolved content balancing: a group number per item (−1: never given), names, normalized targets. */
export interface ContentPlan {
  groupOf: Int32Array;
  names: string[];
  targets: Float64Array;
}

const MMLU_ID = /^mmlu_(.+)_\d+$/;
/** Target shares within this of summing to 1 are taken as proportions already. */
const SUM_TO_ONE = 1e-9;

/**
 * The MMLU subject of an item id `mmlu_<subject>_<n>`, or null.
 *
 * @example
 * ```ts
 * mmluSubject('mmlu_high_school_physics_12'); // returns 'high_school_physics'
 * ```
 */
export function mmluSubject(id: string): string | null {
  const match = MMLU_ID.exec(id);
  return match ? match[1] : null;
}

/**
 * Checks content options against a bank.
 *
 * @example
 * ```ts
 * const bank = new ItemBank({ ids: ['mmlu_law_0', 'mmlu_law_1', 'mmlu_art_0'], a: [1, 1, 1], b: [0, 0, 0] });
 * resolveContent(bank, { groups: 'mmlu' }).targets; // returns Float64Array [2/3, 1/3] (names ['law', 'art'])
 * ```
 */
export function resolveContent(bank: AnyItemBank, options: ContentOptions): ContentPlan {
  const n = bank.size;
  let labels: string[];
  if (options.groups === 'mmlu') {
    labels = bank.ids.map((id, row) => {
      const subject = mmluSubject(id);
      if (subject === null) throw new InvalidArgumentError(`content.groups (item row ${row})`, id, 'not an MMLU id mmlu_<subject>_<n>');
      return subject;
    });
  } else {
    if (!options.groups || options.groups.length !== n) {
      throw new InvalidArgumentError('content.groups', `length ${options.groups?.length}`, `need one group per bank item (${n})`);
    }
    labels = Array.from(options.groups, String);
  }
  const names: string[] = [];
  const index = new Map<string, number>();
  const counts: number[] = [];
  const bankGroup = new Int32Array(n);
  labels.forEach((label, row) => {
    let g = index.get(label);
    if (g === undefined) {
      g = names.length;
      index.set(label, g);
      names.push(label);
      counts.push(0);
    }
    counts[g]++;
    bankGroup[row] = g;
  });
  const targets = new Float64Array(names.length);
  if (options.targets) {
    for (const [name, share] of Object.entries(options.targets)) {
      const g = index.get(name);
      if (g === undefined) throw new InvalidArgumentError(`content.targets.${name}`, name, 'unknown group: no item of the bank has it');
      if (!(Number.isFinite(share) && share >= 0)) throw new InvalidArgumentError(`content.targets.${name}`, share, 'a target share must be finite and ≥ 0');
      targets[g] = share;
    }
  } else {
    counts.forEach((count, g) => { targets[g] = count; });
  }
  const total = targets.reduce((sum, x) => sum + x, 0);
  if (!(total > 0)) throw new InvalidArgumentError('content.targets', options.targets, 'targets must sum to a positive number');
  // shares that already sum to 1 are used as given, as catR does (its group choice compares them raw)
  if (Math.abs(total - 1) > SUM_TO_ONE) for (let g = 0; g < targets.length; g++) targets[g] /= total;
  const groupOf = bankGroup.map((g) => (targets[g] > 0 ? g : -1));
  return { groupOf, names, targets };
}

/**
 * The group to draw the next item from (catR's rule): a seeded choice among groups with no item given yet;
 * once every group has one, the group furthest below its target share (ties: a seeded choice). Only groups
 * with an item left (`open[g]`) count. Returns −1 when none is open.
 *
 * @example
 * ```ts
 * chooseGroup(new Float64Array([0.5, 0.5]), new Int32Array([3, 1]), [true, true], rng); // returns 1
 * ```
 */
export function chooseGroup(targets: Float64Array, counts: Int32Array, open: readonly boolean[], rng: SeededRandom): number {
  const total = counts.reduce((sum, x) => sum + x, 0);
  const empty: number[] = [];
  for (let g = 0; g < targets.length; g++) if (open[g] && targets[g] > 0 && counts[g] === 0) empty.push(g);
  if (empty.length) return empty.length === 1 ? empty[0] : empty[rng.nextInt(empty.length)];
  let best = -Infinity;
  let tied: number[] = [];
  for (let g = 0; g < targets.length; g++) {
    if (!open[g] || targets[g] <= 0) continue;
    const gap = targets[g] - counts[g] / total;
    if (gap > best) {
      best = gap;
      tied = [g];
    } else if (gap === best) tied.push(g);
  }
  if (!tied.length) return -1;
  return tied.length === 1 ? tied[0] : tied[rng.nextInt(tied.length)];
}
