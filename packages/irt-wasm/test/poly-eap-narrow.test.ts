// EAP on graded items when the posterior is narrower than catR's 33-node grid (spacing 0.25): the engine
// refines as it does for 1–4PL items (eap.ts), and must then equal the true posterior mean and SD on the range,
// computed from the models' definitions with a dense trapezoid (poly-dense-eap.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { initSync, PolyEngine, type PolyModel } from '../src/index';
import { denseEap, type ReferenceItem as Item } from './poly-dense-eap';

beforeAll(() => initSync());

/** Simpson on 257 nodes over the refined window versus a trapezoid on 100,001 nodes: both near-exact. */
const REFINED = 1e-7;
const SPACING = 0.25;

function engineFor(model: PolyModel, items: Item[]): PolyEngine {
  const engine = new PolyEngine();
  engine.setBank({ model, a: items.map((i) => i.a), thresholds: items.map((i) => i.thresholds) });
  return engine;
}

/** Ten steep five-category items around θ = 0.4 and middling answers: a posterior SD of a few hundredths. */
const steep: Item[] = Array.from({ length: 10 }, (_, i) => ({ a: 9 + i, thresholds: [-0.2, 0.2, 0.5, 0.9].map((t) => t + 0.03 * i) }));
const answers = steep.map((_, i) => 1 + (i % 3));

describe.each(['grm', 'gpcm'] as const)('%s: EAP on steep graded items', (model) => {
  it('the grid has collapsed, the refined estimate is the true posterior mean and SD', () => {
    const expected = denseEap(model, steep, answers);
    const grid = denseEap(model, steep, answers, 33); // catR's grid
    expect(grid.se).toBeLessThan(SPACING / 2);
    const { theta, se } = engineFor(model, steep).estimate(steep.map((_, i) => i), answers, 0, 'eap');
    expect(Math.abs(theta - expected.theta)).toBeLessThan(REFINED);
    expect(Math.abs(se - expected.se)).toBeLessThan(REFINED);
  });

  it('a replay reports catR’s grid value while the grid resolves the posterior, the true one after', () => {
    const engine = engineFor(model, steep);
    const responses = new Float64Array(answers);
    engine.setResponses(responses, 1);
    const run = engine.replay(0, { nMax: steep.length, start: 0, estimator: 'eap', selector: 'mfi', minSe: 0 });
    let refined = 0;
    run.items.forEach((_, k) => {
      const prefix = Array.from(run.items.slice(0, k + 1));
      const items = prefix.map((i) => steep[i]);
      const given = prefix.map((i) => answers[i]);
      const grid = denseEap(model, items, given, 33);
      const expected = grid.se >= SPACING / 2 ? grid : denseEap(model, items, given);
      if (grid.se < SPACING / 2) refined++;
      expect(Math.abs(run.abilities[k] - expected.theta)).toBeLessThan(1e-6);
      expect(Math.abs(run.se[k] - expected.se)).toBeLessThan(1e-6);
    });
    expect(refined).toBeGreaterThan(0);
  });
});
