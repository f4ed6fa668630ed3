// Seeded synthetic 2PL banks and response matrices with the distributions of the paper-sized fixtures
// (fixtures/synthetic/README.md): a ~ LogNormal(0, 0.5) clipped to [0.2, 4], b ~ N(0, 1.5²), checkpoints with
// true abilities evenly spaced on [−2, 2] answering x ~ Bernoulli(σ(a(θ − b))).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom, simulateResponses } from '@fluidbench/core';

const A_LOG_SD = 0.5;
const A_MIN = 0.2;
const A_MAX = 4;
const B_SD = 1.5;
const ABILITY_LOW = -2;
const ABILITY_HIGH = 2;

/**
 * A seeded synthetic bank as plain columns.
 *
 * @example
 * ```js
 * syntheticBank(3, 1).a.length; // returns 3
 * ```
 */
export function syntheticBank(nItems, seed) {
  const rng = new SeededRandom(seed);
  const a = new Float64Array(nItems);
  const b = new Float64Array(nItems);
  for (let i = 0; i < nItems; i++) {
    a[i] = Math.min(A_MAX, Math.max(A_MIN, Math.exp(A_LOG_SD * rng.nextNormal())));
    b[i] = B_SD * rng.nextNormal();
  }
  return { a, b };
}

/** True ability of checkpoint `column` out of `nColumns`, evenly spaced on [−2, 2]. */
export function checkpointAbility(column, nColumns) {
  return nColumns === 1 ? 0 : ABILITY_LOW + ((ABILITY_HIGH - ABILITY_LOW) * column) / (nColumns - 1);
}

/**
 * One checkpoint's 0/1 responses to every item, drawn from the 2PL at its true ability.
 *
 * @example
 * ```js
 * syntheticColumn({ a: [1], b: [-50] }, 2, 7)[0]; // returns 1 (an item far below the ability)
 * ```
 */
export function syntheticColumn(bank, ability, seed) {
  return simulateResponses(bank, [ability], { seed })[0];
}

/**
 * `nColumns` checkpoints' responses as separate columns (column c seeded with seed + c).
 *
 * @example
 * ```js
 * syntheticColumns(syntheticBank(5, 1), 3, 9).length; // returns 3
 * ```
 */
export function syntheticColumns(bank, nColumns, seed) {
  return Array.from({ length: nColumns }, (_, c) => syntheticColumn(bank, checkpointAbility(c, nColumns), seed + c));
}

/**
 * Writes `<name>_irt.csv` and `<name>_responses.csv` in the layout ref_numpy.py reads. Numbers are written
 * with JavaScript's shortest round-trip form, so Python parses exactly the same doubles.
 */
export function writeReferenceCsv(folder, name, bank, columns) {
  const n = bank.a.length;
  const irt = ['id,a,b'];
  for (let i = 0; i < n; i++) irt.push(`${i},${bank.a[i]},${bank.b[i]}`);
  writeFileSync(join(folder, `${name}_irt.csv`), irt.join('\n') + '\n');
  const header = ['id', ...columns.map((_, c) => `ckpt_${c}`)].join(',');
  const rows = [header];
  for (let i = 0; i < n; i++) rows.push(`${i},${columns.map((column) => column[i]).join(',')}`);
  writeFileSync(join(folder, `${name}_responses.csv`), rows.join('\n') + '\n');
}
