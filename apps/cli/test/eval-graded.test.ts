// `fluid eval` on a graded (GRM) bank: MC2 masses from the loopback server become categories through
// --score-values; the JSONL carries each answer's category and raw score.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulatedLmServer, uniformFor, type SimulatedLmServer } from '../../../packages/harness/test/simulated-lm-server.mjs';
import { grmCategory, makeGradedWorld } from '../../../packages/harness/test/world';
import { fluidAsync } from './helpers';

type GradedLine = { model: string; item_ids: string[]; abilities: number[]; correct: number[]; categories: number[] };
const MODELS = { 'lm-low': -1.2, 'lm-high': 1.4 };
const world = makeGradedWorld(80, 5);
const dir = mkdtempSync(join(tmpdir(), 'fluid-eval-graded-'));
const irt = join(dir, 'bank_grm_items.csv');
const items = join(dir, 'items.jsonl');
writeFileSync(irt, `id,a,b1,b2,b3,b4\n${world.ids.map((id, j) => [id, world.a[j], ...world.thresholds[j]].join(',')).join('\n')}\n`);
writeFileSync(items, world.items.map((item) => JSON.stringify(item)).join('\n') + '\n');

const drawn = (model: keyof typeof MODELS, itemId: string) => {
  const j = world.ids.indexOf(itemId);
  return grmCategory(world.a[j], world.thresholds[j], MODELS[model], uniformFor(model, itemId));
};
/** A mass 0.1 above the drawn category's score value (0.9 for the top one): nearest is that category. */
const mass = (model: string, itemId: string) => Math.min(0.9, drawn(model as keyof typeof MODELS, itemId) / 4 + 0.1);

let server: SimulatedLmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fluid eval on a graded bank', { timeout: 120_000 }, () => {
  it('records the nearest category of each MC2 mass and its raw score, and ranks the two LMs', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: { ids: world.ids, a: world.a, b: world.a.map(() => 0) }, models: MODELS, mc2Mass: mass });
    const run = await fluidAsync(['eval', '--irt', irt, '--items', items, '--base-url', server.url, '--model', 'lm-low', '--model', 'lm-high', '--n-max', '25', '--score-values', '0,0.25,0.5,0.75,1', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as GradedLine);
    expect(Object.keys(lines[0])).toEqual(['model', 'items', 'item_ids', 'abilities', 'se', 'correct', 'categories', 'stop_reason', 'accuracy', 'expected_accuracy', 'requests', 'seconds']);
    for (const line of lines) {
      expect(line.item_ids).toHaveLength(25);
      line.item_ids.forEach((id, k) => {
        expect(line.categories[k]).toBe(drawn(line.model as keyof typeof MODELS, id));
        expect(line.correct[k]).toBeCloseTo(mass(line.model, id), 12);
      });
    }
    expect(lines[1].abilities.at(-1)!).toBeGreaterThan(lines[0].abilities.at(-1)!);
  });

  it('rejects score values that do not fit the bank, in one line with exit 2 and no request', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: { ids: world.ids, a: world.a, b: world.a.map(() => 0) }, models: MODELS, mc2Mass: mass });
    const run = await fluidAsync(['eval', '--irt', irt, '--items', items, '--base-url', server.url, '--model', 'lm-low', '--score-values', '0,0.5,1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('fluid: --score-values: 3 score values, but item "g0" has 5 categories (got [0,0.5,1])\n');
    expect(server.requests).toBe(0);
  });
});
