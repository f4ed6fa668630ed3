// catR 3.17 goldens for GRM, GPCM and PCM (fixtures/catr-poly/README.md): thetaEst, semTheta and MFI.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initSync, PolyEngine, type PolyModel } from '../src/index';
import { denseEap } from './poly-dense-eap';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/catr-poly');
/** catR's BM/ML/WL come from uniroot (≈ 1e-4): compare at 5e-4, their SEs at 1e-3. */
const ROOT_TOLERANCE = 5e-4;
const ROOT_SE_TOLERANCE = 1e-3;
/** catR's EAP is a plain trapezoid on the same 33 nodes over [−4, 4]. */
const EAP_TOLERANCE = 1e-6;
/**
 * Below half the grid's spacing (0.25) the engine refines the posterior (eap.ts) instead of keeping catR's grid
 * value; such states are compared with the true posterior (poly-dense-eap.ts), as the 1–4PL ones are.
 */
const REFINE_BELOW_SD = 0.125;
/** Item information is a closed form: equal up to rounding. */
const INFORMATION_RELATIVE = 1e-9;

type Method = 'BM' | 'ML' | 'EAP' | 'WL';
interface State {
  model: 'GRM' | 'GPCM' | 'PCM';
  state: number;
  items: number[];
  responses: number[];
  theta: Record<Method, number>;
  se: Record<Method, number>;
  mfi: { pick: number; values: (number | null)[] };
}

const ESTIMATOR = { BM: 'map', ML: 'mle', EAP: 'eap', WL: 'wle' } as const;

function readBanks(): Map<string, { a: number[]; thresholds: number[][] }> {
  const banks = new Map<string, { a: number[]; thresholds: number[][] }>();
  for (const line of readFileSync(join(fixtures, 'banks.csv'), 'utf8').trim().split('\n').slice(1)) {
    const [model, , quoted] = line.split(',');
    const values = quoted.replace(/"/g, '').split(' ').filter((v) => v !== 'NA').map(Number);
    const bank = banks.get(model) ?? { a: [], thresholds: [] };
    if (model === 'PCM') {
      bank.a.push(1);
      bank.thresholds.push(values);
    } else {
      bank.a.push(values[0]);
      bank.thresholds.push(values.slice(1));
    }
    banks.set(model, bank);
  }
  return banks;
}

const states = readFileSync(join(fixtures, 'states.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as State);
const engines = new Map<string, PolyEngine>();
const banks = readBanks();

beforeAll(() => {
  initSync();
  for (const [model, bank] of banks) {
    const engine = new PolyEngine();
    engine.setBank({ model: model.toLowerCase() as PolyModel, a: bank.a, thresholds: bank.thresholds });
    engines.set(model, engine);
  }
});

describe.each(['GRM', 'GPCM', 'PCM'] as const)('%s against catR', (model) => {
  const mine = states.filter((s) => s.model === model);

  it('has the 16 states of the fixture', () => {
    expect(mine).toHaveLength(16);
  });

  it.each(['BM', 'EAP', 'WL'] as const)('%s: θ and SE match thetaEst / semTheta', (method) => {
    const engine = engines.get(model)!;
    const tolerance = method === 'EAP' ? EAP_TOLERANCE : ROOT_TOLERANCE;
    const seTolerance = method === 'EAP' ? EAP_TOLERANCE : ROOT_SE_TOLERANCE;
    const bank = banks.get(model)!;
    for (const s of mine) {
      const { theta, se } = engine.estimate(s.items, s.responses, 0, ESTIMATOR[method]);
      const refined = method === 'EAP' && s.se.EAP < REFINE_BELOW_SD;
      const expected = refined
        ? denseEap(model.toLowerCase() as PolyModel, s.items.map((j) => ({ a: bank.a[j], thresholds: bank.thresholds[j] })), s.responses)
        : { theta: s.theta[method], se: s.se[method] };
      expect(Math.abs(theta - expected.theta), `state ${s.state} θ`).toBeLessThan(tolerance);
      expect(Math.abs(se - expected.se), `state ${s.state} SE`).toBeLessThan(seTolerance);
    }
  });

  it('ML: θ and SE match thetaEst / semTheta; constant patterns go to the range end the score points to', () => {
    const engine = engines.get(model)!;
    for (const s of mine) {
      const { theta, se } = engine.estimate(s.items, s.responses, 0, 'mle');
      if (s.state === 9 || s.state === 10) {
        // all lowest / all highest: the score keeps one sign over the whole range, so the Newton/bisection rule
        // returns the end it points to (catR's ±4 too)
        expect(theta, `state ${s.state}`).toBe(s.state === 9 ? -4 : 4);
        continue;
      }
      expect(Math.abs(theta - s.theta.ML), `state ${s.state} θ`).toBeLessThan(ROOT_TOLERANCE);
      expect(Math.abs(se - s.se.ML), `state ${s.state} SE`).toBeLessThan(ROOT_SE_TOLERANCE);
    }
  });

  it('MFI: every unused item\'s information at the BM estimate, and the pick', () => {
    const engine = engines.get(model)!;
    const out = new Float64Array(80);
    for (const s of mine) {
      engine.informationInto(s.theta.BM, out);
      s.mfi.values.forEach((value, i) => {
        if (value === null) return;
        expect(Math.abs(out[i] - value) / value, `state ${s.state} item ${i}`).toBeLessThan(INFORMATION_RELATIVE);
      });
      expect(engine.selectNext(s.theta.BM, s.items), `state ${s.state}`).toBe(s.mfi.pick);
    }
  });

  it('MFI through criterionValuesInto (the path randomesque, content balancing and exposure control use): the same values and pick', () => {
    const engine = engines.get(model)!;
    const out = new Float64Array(80);
    for (const s of mine) {
      const { best, scale } = engine.criterionValuesInto('mfi', s.items, s.responses, s.theta.BM, 'map', { points: 33, lo: -4, hi: 4 }, [], out);
      expect(scale).toBe(1);
      expect(best, `state ${s.state}`).toBe(s.mfi.pick);
      s.mfi.values.forEach((value, i) => {
        if (value === null) expect(out[i], `state ${s.state} item ${i} administered`).toBeNaN();
        else expect(Math.abs(out[i] - value) / value, `state ${s.state} item ${i}`).toBeLessThan(INFORMATION_RELATIVE);
      });
    }
  });
});
