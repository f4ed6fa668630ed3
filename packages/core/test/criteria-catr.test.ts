// catR 3.17 step-level goldens for the selection criteria (fixtures/catr-rules/README.md): for 24 states of a
// 2PL and a 4PL bank, the item catR's nextItem picks and every unused item's criterion value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CRITERIA, ItemBank, initSync, nextItem, selectionValues, type Criterion } from '../src/index';
import { fixturesDir, readJsonl } from './fixtures';

/** Same definitions on the same 33-point grid: equal up to rounding (the README's 1e-6 relative). */
const SAME_GRID = 1e-6;
/**
 * MEI re-estimates θ after each hypothetical answer; catR's BM root search is good to ~1e-4, so a value is off
 * by about that times its slope in θ, an absolute error: 1e-3 relative to the state's largest value.
 */
const MEI_ROOT = 1e-3;

type Golden = { pick: number; values: (number | null)[] };
type State = { bank: string; state: number; items: number[]; responses: number[]; theta: number } & Record<string, Golden>;

const CATR_NAMES: Record<Criterion, string> = {
  mfi: 'MFI', bopt: 'bOpt', thopt: 'thOpt', mlwi: 'MLWI', mpwi: 'MPWI', mei: 'MEI', mepv: 'MEPV', kl: 'KL', klp: 'KLP',
};

const dir = join(fixturesDir, 'catr-rules');
const rows = readFileSync(join(dir, 'banks.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
const states = readJsonl<State>(join(dir, 'states.jsonl'));
const banks = new Map<string, ItemBank>();

beforeAll(() => {
  initSync();
  for (const kind of ['2pl', '4pl']) {
    const r = rows.filter((row) => row[0] === kind);
    banks.set(kind, new ItemBank({ a: r.map((x) => +x[2]), b: r.map((x) => +x[3]), c: r.map((x) => +x[4]), d: r.map((x) => +x[5]) }));
  }
});

describe('selection criteria against catR 3.17', () => {
  it('covers every criterion the engine has', () => {
    expect([...CRITERIA].sort()).toEqual(Object.keys(CATR_NAMES).sort());
  });

  for (const criterion of CRITERIA) {
    it(`${criterion}: catR's pick on all 24 states, values within tolerance`, () => {
      let checked = 0;
      for (const s of states) {
        const bank = banks.get(s.bank)!;
        const golden = s[CATR_NAMES[criterion]];
        const state = { items: s.items, responses: s.responses, theta: s.theta };
        const picked = nextItem(bank, state, { selector: criterion });
        expect(picked.index, `${s.bank} state ${s.state}`).toBe(golden.pick);
        const values = selectionValues(bank, state, { selector: criterion });
        // nextItem's pick-only path (mfi, bopt, thopt) reports the value the full scan gives that item
        expect(picked.value, `${s.bank} state ${s.state}`).toBe(values[picked.index]);
        const largest = Math.max(...golden.values.filter((v): v is number => v !== null).map(Math.abs));
        golden.values.forEach((want, i) => {
          if (want === null) {
            if (s.items.includes(i)) expect(values[i]).toBeNaN();
            return;
          }
          const scale = criterion === 'mei' ? MEI_ROOT * largest : SAME_GRID * Math.abs(want);
          expect(Math.abs(values[i] - want), `${s.bank} state ${s.state} item ${i}`).toBeLessThanOrEqual(scale);
          checked++;
        });
      }
      // thOpt has no values in the fixture (catR computes the distance inside nextItem)
      if (criterion !== 'thopt') expect(checked).toBeGreaterThan(2000);
    });
  }

  it('thopt: the distance is to the θ where the item information peaks (checked on a fine grid)', () => {
    const bank = banks.get('4pl')!;
    const values = selectionValues(bank, { items: [], responses: [], theta: 0 }, { selector: 'thopt' });
    for (let i = 0; i < 20; i++) {
      const { a, b, c, d } = { a: bank.a[i], b: bank.b[i], c: bank.c[i], d: bank.d[i] };
      let peak = 0;
      let bestInfo = -1;
      for (let t = -8; t <= 8; t += 1e-4) {
        const s = 1 / (1 + Math.exp(-a * (t - b)));
        const p = c + (d - c) * s;
        const dp = (d - c) * a * s * (1 - s);
        const info = (dp * dp) / (p * (1 - p));
        if (info > bestInfo) { bestInfo = info; peak = t; }
      }
      expect(Math.abs(values[i] - Math.abs(peak))).toBeLessThan(2e-4);
    }
  });
});
