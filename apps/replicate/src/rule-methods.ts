// Fluid Benchmarking with catR's adaptive-testing rules, for the replication grid: randomesque exposure control
// (a seeded pick among the k most informative items) and Kingsbury–Zara content balancing (MMLU subjects).
// Core's AdaptiveTest runs the same rules on any selector, but scans the whole bank in JS at every step
// (seconds per run on MMLU). With MFI and MAP the engine's pruned search finds the best items in microseconds:
// the k best are k searches, each excluding the ones found before; the best item of a content group is one
// search in that group's own bank. Picks, draws and estimates are those of core's `fluidBenchmarkingMany`
// with `randomesque` or `content` (test/rule-methods.test.ts checks they are identical).
import { chooseGroup, resolveContent, SeededRandom, type ContentOptions, type ContentPlan, type ItemBank } from '@fluidbench/core';

/** Items and abilities of one rule-based run, as the grid's rows hold them. */
export interface RuleRun {
  items: number[];
  abilities: number[];
}

interface RunSettings {
  nMax: number;
  start: number;
  /** Column c draws from a generator seeded with `seed + c`, as core's `fluidBenchmarkingMany` does. */
  seed: number;
}

/** Responses with missing answers (NaN) set aside: such items are never given, as in core's session path. */
function missingItems(column: ArrayLike<number>): number[] {
  const missing: number[] = [];
  for (let i = 0; i < column.length; i++) if (Number.isNaN(column[i])) missing.push(i);
  return missing;
}

/**
 * "Fluid Benchmarking, randomesque k": at each step a seeded uniform pick among the k unused items with the
 * most Fisher information at the current MAP estimate (fewer when fewer are left); k = 1 is Fluid
 * Benchmarking. Responses must be 0/1 or NaN (missing: never given).
 *
 * @example
 * ```ts
 * const runs = randomesqueRuns([[1, 0, 1, 1]], bank, 2, { nMax: 3, start: 0, seed: 5 });
 * runs[0].items.length; // returns 3
 * ```
 */
export function randomesqueRuns(columns: readonly ArrayLike<number>[], bank: ItemBank, k: number, settings: RunSettings): RuleRun[] {
  const engine = bank.engine();
  engine.setOptions({});
  return columns.map((column, c) => {
    const rng = new SeededRandom(settings.seed + c);
    const used: number[] = [];
    const responses: number[] = [];
    const abilities: number[] = [];
    const missing = missingItems(column);
    const unavailable = [...missing];
    let theta = settings.start;
    const steps = Math.min(settings.nMax, bank.size - missing.length);
    while (used.length < steps) {
      // the k best in order: each search leaves out what is used, missing or already among the best
      const top: number[] = [];
      while (top.length < k) {
        const item = engine.selectNext(theta, unavailable);
        if (item < 0) break;
        top.push(item);
        unavailable.push(item);
      }
      unavailable.length -= top.length;
      const item = top.length === 1 ? top[0] : top[rng.nextInt(top.length)];
      used.push(item);
      unavailable.push(item);
      responses.push(column[item]);
      theta = engine.estimate(used, responses, theta, 'map').theta;
      abilities.push(theta);
    }
    return { items: used, abilities };
  });
}

/** Per content group: its bank rows (in bank order) and a bank of just those items, for the pruned search. */
interface GroupBank {
  rows: Int32Array;
  bank: ItemBank;
}

interface GroupBanks {
  plan: ContentPlan;
  groupBanks: GroupBank[];
  /** Each bank row's row in its group's bank. */
  localRow: Int32Array;
}

// One set of group banks (each with its engine) per bank and grouping, kept for the worker's later units.
const groupBankCache = new WeakMap<ItemBank, Map<string, GroupBanks>>();

function groupBanksOf(bank: ItemBank, groups: ContentOptions['groups']): GroupBanks {
  const key = typeof groups === 'string' ? groups : Array.from(groups).join('\u0000');
  let byGrouping = groupBankCache.get(bank);
  if (!byGrouping) groupBankCache.set(bank, (byGrouping = new Map()));
  const cached = byGrouping.get(key);
  if (cached) return cached;
  const plan = resolveContent(bank, { groups });
  const members = plan.names.map(() => [] as number[]);
  plan.groupOf.forEach((g, row) => members[g].push(row));
  const groupBanks = members.map((list) => {
    const rows = Int32Array.from(list);
    return { rows, bank: bank.subset(rows) };
  });
  const localRow = new Int32Array(bank.size);
  for (const { rows } of groupBanks) rows.forEach((row, local) => { localRow[row] = local; });
  const made = { plan, groupBanks, localRow };
  byGrouping.set(key, made);
  return made;
}

/**
 * "Fluid Benchmarking + content balancing" (Kingsbury–Zara, targets the bank's own group shares): at each
 * step the group comes from core's `chooseGroup` (first every group once, in seeded order; then the group
 * furthest below its share), and the item is the most informative unused one of that group at the current
 * MAP estimate.
 *
 * @example
 * ```ts
 * const runs = contentBalancedRuns([[1, 0, 1, 1]], mmluBank, ['law', 'law', 'art', 'art'], { nMax: 2, start: 0, seed: 0 });
 * runs[0].items.map((i) => ['law', 'law', 'art', 'art'][i]).sort(); // returns ['art', 'law']
 * ```
 */
export function contentBalancedRuns(columns: readonly ArrayLike<number>[], bank: ItemBank, groups: ContentOptions['groups'], settings: RunSettings): RuleRun[] {
  const { plan, groupBanks, localRow } = groupBanksOf(bank, groups);
  const engine = bank.engine();
  engine.setOptions({});
  for (const { bank: sub } of groupBanks) sub.engine().setOptions({});
  return columns.map((column, c) => {
    const rng = new SeededRandom(settings.seed + c);
    const used: number[] = [];
    const responses: number[] = [];
    const abilities: number[] = [];
    const counts = new Int32Array(plan.names.length);
    // per group, the local rows that may not be given (used or missing), and how many remain
    const blocked = groupBanks.map(() => [] as number[]);
    const left = groupBanks.map(({ rows }) => rows.length);
    for (const item of missingItems(column)) {
      blocked[plan.groupOf[item]].push(localRow[item]);
      left[plan.groupOf[item]]--;
    }
    let theta = settings.start;
    while (used.length < settings.nMax) {
      const open = left.map((x) => x > 0);
      const g = chooseGroup(plan.targets, counts, open, rng);
      if (g < 0) break;
      const local = groupBanks[g].bank.engine().selectNext(theta, blocked[g]);
      const item = groupBanks[g].rows[local];
      blocked[g].push(local);
      left[g]--;
      counts[g]++;
      used.push(item);
      responses.push(column[item]);
      theta = engine.estimate(used, responses, theta, 'map').theta;
      abilities.push(theta);
    }
    return { items: used, abilities };
  });
}
