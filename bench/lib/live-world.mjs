// The live-evaluation benchmark's world: the synthetic mmlu bank (fixtures/synthetic, 14,042 items), one
// four-choice item per bank item, and eight simulated LMs of known ability.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MMLU_IRT = join(repoRoot, 'fixtures', 'synthetic', 'mmlu_irt.csv');

/** Eight simulated LMs of known ability (as in the harness tests). */
export const EIGHT_LMS = { 'lm-a': -2, 'lm-b': -1.4, 'lm-c': -0.8, 'lm-d': -0.3, 'lm-e': 0.2, 'lm-f': 0.7, 'lm-g': 1.3, 'lm-h': 2 };

/** The bank (ids, a, b) and one multiple-choice item per id. */
export function liveWorld() {
  const rows = readFileSync(MMLU_IRT, 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const bank = { ids: rows.map((row) => row[0]), a: rows.map((row) => Number(row[1])), b: rows.map((row) => Number(row[2])) };
  const items = bank.ids.map((id, i) => ({
    id,
    type: 'multiple_choice',
    context: `The following is a multiple choice question.\n\nQuestion ${i}: which option is right for item ${id}?\nAnswer:`,
    choices: [' the first option', ' the second one', ' a third', ' the fourth option here'],
    answer: i % 4,
    metric: 'acc',
  }));
  return { bank, items };
}
