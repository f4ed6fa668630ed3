// With no answered item the likelihood is flat: every θ solves the MLE (and WLE) equation, so the estimate is
// the start with an infinite SE, whatever the Newton budget. Regression: with
// maxNewtonSteps 0 the MLE went straight to the bisection and returned the range's midpoint (found by the
// fuzz campaign: range [−4.54, 1.33] gave −1.60).
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, abilityMany, initSync } from '../src/index';

beforeAll(() => initSync());

const bank = ItemBank.fromRows([{ a: 1, b: 0.3 }, { a: 1.4, b: -0.8 }]);

describe('no answered item', () => {
  it.each([
    ['mle', 0, 0, [-4.5, 1.3]],
    ['mle', 25, 0.7, [-4, 4]],
    ['mle', 0, 1.3, [-4.5, 1.3]],
    ['wle', 0, -0.4, [-3, 3]],
  ] as const)('%s with %d Newton steps stays at the start %d in the range %j', (estimator, maxNewtonSteps, start, range) => {
    const out = abilityMany([[null, null]], bank, null, { estimator, maxNewtonSteps, start, range: [...range] });
    expect(out.theta[0]).toBe(start);
    expect(out.se[0]).toBe(Infinity);
    const single = bank.engine().estimate([], [], start, estimator);
    expect(single.se).toBe(Infinity);
  });
});
