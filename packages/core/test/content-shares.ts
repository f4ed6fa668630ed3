// The content-balancing property both bank families are held to (adaptive-options and poly-adaptive-options).
import { expect } from 'vitest';
import type { ContentPlan } from '../src/index';

/**
 * Kingsbury–Zara does not keep every group within one item of its target (empty groups go first, so a large
 * group can start several items short), but a group is only chosen while at or below its share, so none ever
 * gets a full item more than its share while every group still has items. Checks that after every step.
 *
 * @example
 * ```ts
 * expectNoGroupAboveShare(run.items, resolveContent(bank, { groups }));
 * ```
 */
export function expectNoGroupAboveShare(items: readonly number[], plan: ContentPlan): void {
  const counts = new Array(plan.names.length).fill(0);
  const sizes = counts.map((_, g) => plan.groupOf.filter((group) => group === g).length);
  for (const [k, item] of items.entries()) {
    if (counts.some((count, g) => count === sizes[g])) break; // a group ran out: the others fill in
    counts[plan.groupOf[item]]++;
    counts.forEach((count, g) => expect(count - plan.targets[g] * (k + 1)).toBeLessThanOrEqual(1 + 1e-12));
  }
}
