// The pointer-level polytomous fitter: its first E-step against a hand computation, the projection of start
// values into the box and the GRM order, and the checks of its inputs.
import { beforeAll, describe, expect, it } from 'vitest';
import { CategoryCode, DimensionError, InvalidArgumentError, ItemFlag, PolyFitter, initSync, type PolyFitSettings } from '../src/index';

beforeAll(() => initSync());

const settings = (model: PolyFitSettings['model']): PolyFitSettings => ({
  model, minA: 1e-3, maxA: 20, maxAbsThreshold: 20, aPrior: null, thresholdPrior: null, itemSteps: 10, itemTolerance: 1e-9,
});
const halves = () => [Float64Array.of(-1, 1), Float64Array.of(Math.log(0.5), Math.log(0.5))] as const;

describe('PolyFitter', () => {
  it('computes the marginal log-likelihood of its first E-step (the documented example)', () => {
    const fitter = new PolyFitter();
    fitter.load(Uint8Array.of(0, 2), Int32Array.of(2), 2, Float64Array.of(1, 1), ...halves());
    fitter.setSettings(settings('pcm'));
    fitter.setStart(Float64Array.of(1), Float64Array.of(0, 0));
    // PCM, d = (0, 0): P(0 | θ) = 1/(1 + e^θ + e^{2θ}); P(2 | θ) = P(0 | −θ); nodes ±1 with weight ½
    const e = Math.E;
    const marginal = 0.5 * (1 / (1 + 1 / e + 1 / (e * e)) + 1 / (1 + e + e * e));
    expect(Math.abs(fitter.emStart().logLikelihood - 2 * Math.log(marginal))).toBeLessThan(1e-12);
  });

  it('moves start values into the box and makes GRM thresholds increase by at least 1e-4', () => {
    const fitter = new PolyFitter();
    fitter.load(Uint8Array.of(0, 1, 3, 1, 0, 1), Int32Array.of(3, 1), 3, Float64Array.of(1, 1, 1), ...halves());
    fitter.setSettings({ ...settings('grm'), maxA: 4, maxAbsThreshold: 5 });
    fitter.setStart(Float64Array.of(9, 0.5), Float64Array.of(1, 0.5, 0.5, -30));
    const { a, thresholds } = fitter.items();
    expect(Array.from(a)).toEqual([4, 0.5]);
    // forward pass: 1, 1 + 1e-4, 1 + 2e-4 (to rounding); the lone threshold of item 2 clamped to −5
    expect(thresholds[0]).toBeCloseTo(1, 12);
    expect(thresholds[1] - thresholds[0]).toBeGreaterThanOrEqual(1e-4 * (1 - 1e-9));
    expect(thresholds[2] - thresholds[1]).toBeGreaterThanOrEqual(1e-4 * (1 - 1e-9));
    expect(thresholds[3]).toBeCloseTo(-5, 12);
  });

  it('flags an item nobody answered and keeps its parameters', () => {
    const fitter = new PolyFitter();
    const missing = CategoryCode.missing;
    fitter.load(Uint8Array.of(0, 1, 2, missing, missing, missing), Int32Array.of(2, 2), 3, Float64Array.of(1, 1, 1), ...halves());
    fitter.setSettings(settings('gpcm'));
    fitter.setStart(Float64Array.of(1, 1.5), Float64Array.of(0, 0, -0.5, 0.5));
    fitter.emStart();
    fitter.emIteration();
    expect(fitter.flags()[1]).toBe(ItemFlag.noData);
    expect(Array.from(fitter.items().thresholds.slice(2))).toEqual([-0.5, 0.5]);
    expect(fitter.items().a[1]).toBe(1.5);
  });

  it('checks the shapes and the categories it is given', () => {
    const fitter = new PolyFitter();
    expect(() => fitter.load(Uint8Array.of(0, 1), Int32Array.of(1), 3, Float64Array.of(1, 1, 1), ...halves())).toThrow(DimensionError);
    expect(() => fitter.load(Uint8Array.of(0, 3), Int32Array.of(2), 2, Float64Array.of(1, 1), ...halves())).toThrow(/codes\[1\].*0…2/);
    expect(() => fitter.load(Uint8Array.of(0, 1), Int32Array.of(0), 2, Float64Array.of(1, 1), ...halves())).toThrow(InvalidArgumentError);
  });
});
