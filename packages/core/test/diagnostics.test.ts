// Simulation diagnostics (bias, RMSE by decile, exposure, overlap) and Sympson–Hetter calibration.
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, SeededRandom, calibrateSympsonHetter, fluidBenchmarking, initSync, simulationDiagnostics } from '../src/index';

beforeAll(() => initSync());

describe('simulationDiagnostics', () => {
  it('computes bias, RMSE, exposure and overlap by their definitions on a hand-made case', () => {
    const runs = [
      { items: [0, 1], abilities: [0.2, 0.4] },
      { items: [1, 2], abilities: [-0.5, -1.2] },
    ];
    const d = simulationDiagnostics(runs, [0, -1], 4);
    expect(d.bias).toBeCloseTo((0.4 + -0.2) / 2, 15);
    expect(d.rmse).toBeCloseTo(Math.sqrt((0.16 + 0.04) / 2), 15);
    // rates r = [1/2, 1, 1/2, 0]: Σr² / Σr = (1/4 + 1 + 1/4) / 2
    expect(d.exposure).toEqual({ min: 0, max: 1, neverUsed: 0.25 });
    expect(d.overlap).toBeCloseTo(0.75, 15);
    expect(d.meanItems).toBe(2);
    // two simulees: deciles 0–4 hold the lower, 5–9 the higher (by floor(d·n/10))
    const filled = d.rmseByDecile.filter((x) => !Number.isNaN(x));
    expect(filled).toHaveLength(2);
    expect(filled[0]).toBeCloseTo(0.2, 15); // |−1.2 − (−1)|
    expect(filled[1]).toBeCloseTo(0.4, 15);
  });

  it('a fixed test (everyone gets the same items) has overlap 1; disjoint tests have overlap 1/N', () => {
    const same = simulationDiagnostics([{ items: [0, 1], abilities: [0] }, { items: [0, 1], abilities: [0] }], [0, 0], 2);
    expect(same.overlap).toBe(1);
    const apart = simulationDiagnostics([{ items: [0], abilities: [0] }, { items: [1], abilities: [0] }, { items: [2], abilities: [0] }], [0, 0, 0], 3);
    expect(apart.overlap).toBeCloseTo(1 / 3, 15);
  });
});

describe('calibrateSympsonHetter', () => {
  const rng = new SeededRandom(5);
  const bank = new ItemBank({
    a: Array.from({ length: 60 }, () => 0.6 + 1.6 * rng.next()),
    b: Array.from({ length: 60 }, () => -2 + 4 * rng.next()),
  });

  function maxExposure(parameters: Float64Array | null, seed: number): number {
    const people = new SeededRandom(seed);
    const counts = new Float64Array(bank.size);
    const runs = 300;
    for (let e = 0; e < runs; e++) {
      const theta = people.nextNormal();
      const answers = Array.from({ length: bank.size }, (_, i) => (people.next() < bank.probability(i, theta) ? 1 : 0));
      const run = fluidBenchmarking(answers, bank, {
        nMax: 6, seed: e, ...(parameters ? { exposure: { method: 'sympson-hetter' as const, parameters } } : {}),
      });
      for (const item of run.items) counts[item]++;
    }
    return Math.max(...counts) / runs;
  }

  it('brings the largest exposure rate from 1 (the first MFI item) down to about rmax on fresh simulees', () => {
    expect(maxExposure(null, 99)).toBe(1);
    const { parameters, maxExposure: history } = calibrateSympsonHetter(bank, { nMax: 6 }, { rmax: 0.3, examinees: 200, rounds: 12, tolerance: 0.02 });
    expect(history[0]).toBe(1);
    expect(history.at(-1)!).toBeLessThan(history[0]);
    for (const k of parameters) expect(k >= 0 && k <= 1).toBe(true);
    // other simulees: sampling noise on 300 tests is about √(0.3·0.7/300) ≈ 0.03
    expect(maxExposure(parameters, 99)).toBeLessThan(0.3 + 0.1);
  });

  it('rejects a bad rmax', () => {
    expect(() => calibrateSympsonHetter(bank, {}, { rmax: 0 })).toThrow(/rmax: must be in \(0, 1\]/);
  });
});
