// Issue 10: a hierarchical fit on 3 subjects collapsed and reported success. Below MIN_HIERARCHICAL_SUBJECTS
// it is refused unless forced, and a forced fit says why it may not be trusted; at the minimum, recovery on
// simulated data is stable (the README's table has the measurements at 2,000 items).
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, MIN_HIERARCHICAL_SUBJECTS, SeededRandom, fit2PL, initSync, pearson } from '../src/index';

initSync();

function simulate(nItems: number, nSubjects: number, seed: number) {
  const rng = new SeededRandom(seed);
  const a = Float64Array.from({ length: nItems }, () => Math.exp(0.3 * rng.nextNormal()));
  const b = Float64Array.from({ length: nItems }, () => rng.nextNormal());
  const theta = Float64Array.from({ length: nSubjects }, () => rng.nextNormal());
  const columns = Array.from(theta, (t) => Float64Array.from(a, (aj, j) => (rng.next() < 1 / (1 + Math.exp(-aj * (t - b[j]))) ? 1 : 0)));
  return { a, b, columns };
}

const median = (values: ArrayLike<number>) => Array.from(values).sort((x, y) => x - y)[values.length >> 1];

describe('the hierarchical fit and the number of subjects', () => {
  it('refuses 3 subjects with a typed error naming the minimum and the way out', () => {
    const { columns } = simulate(200, 3, 1);
    expect(() => fit2PL(columns, { method: 'hierarchical' })).toThrow(InvalidArgumentError);
    expect(() => fit2PL(columns, { method: 'hierarchical' })).toThrow(
      `columns: the hierarchical fit needs at least ${MIN_HIERARCHICAL_SUBJECTS} subjects for stable parameters (pass force: true to fit anyway, or use method 'mml') (got "3 subjects")`,
    );
    // MML has no such gauge problem and stays available
    expect(fit2PL(columns).diagnostics.warnings).toEqual([]);
  });

  it('fits when forced, and says so in the diagnostics', () => {
    const { columns } = simulate(200, 3, 1);
    const fit = fit2PL(columns, { method: 'hierarchical', force: true });
    expect(fit.diagnostics.warnings).toHaveLength(1);
    expect(fit.diagnostics.warnings[0]).toMatch(/^only 3 subjects: the hierarchical fit needs 20/);
  });

  it('counts subjects as the sum of the pattern weights', () => {
    const { columns } = simulate(50, 4, 2);
    expect(() => fit2PL(columns, { method: 'hierarchical', weights: [5, 5, 5, 4] })).toThrow(/got "19 subjects"/);
    expect(fit2PL(columns, { method: 'hierarchical', weights: [5, 5, 5, 5], maxIterations: 5 }).diagnostics.warnings).toEqual([]);
  });

  it(`at ${MIN_HIERARCHICAL_SUBJECTS} subjects the fit converges and recovers b without collapsing a`, () => {
    const sim = simulate(400, MIN_HIERARCHICAL_SUBJECTS, 3);
    const fit = fit2PL(sim.columns, { method: 'hierarchical' });
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.warnings).toEqual([]);
    // b̂ in the fit's gauge is a linear map of b plus noise: the correlation is gauge-free (0.87 measured at 2,000 items)
    expect(pearson(fit.bank.b, sim.b)).toBeGreaterThan(0.8);
    // no collapse: slopes of the order of the truth's (median 1), difficulties of the order of the abilities
    expect(median(fit.bank.a)).toBeGreaterThan(0.3);
    expect(Math.max(...Array.from(fit.bank.b, Math.abs))).toBeLessThan(10);
  }, 60_000);
});
