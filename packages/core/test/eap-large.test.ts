// EAP must stay finite on huge banks (a product of likelihoods underflows past ~2,000 items; catR's does).
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, SeededRandom, abilityMany, initSync } from '../src/index';

beforeAll(() => initSync());

describe('EAP on large banks', () => {
  it.each([5_000, 100_000])('%i items: finite, and close to MAP as the posterior becomes normal', (n) => {
    const rng = new SeededRandom(n);
    const a = Array.from({ length: n }, () => Math.exp(0.5 * rng.nextNormal()));
    const b = Array.from({ length: n }, () => 1.5 * rng.nextNormal());
    const bank = new ItemBank({ a, b });
    const trueTheta = 0.4;
    const responses = a.map((_, i) => (rng.next() < bank.probability(i, trueTheta) ? 1 : 0));
    // nodes every 0.004 on a window around the truth resolve a posterior whose SD is ~0.007–0.03
    const eap = abilityMany([responses], bank, null, { estimator: 'eap', eapNodes: 201, range: [0, 0.8] });
    const map = abilityMany([responses], bank, null, { estimator: 'map' });
    expect(Number.isFinite(eap.theta[0])).toBe(true);
    expect(Number.isFinite(eap.se[0]) && eap.se[0] > 0).toBe(true);
    // posterior mean and mode differ by O(1/n) relative to the SD for a near-normal posterior
    expect(Math.abs(eap.theta[0] - map.theta[0])).toBeLessThan(0.2 * map.se[0]);
    // the posterior SD approaches the MAP SE 1/sqrt(I + 1)
    expect(Math.abs(eap.se[0] / map.se[0] - 1)).toBeLessThan(0.05);
  });
});
