// The JS face's layout constants are generated from assembly/*.ts; this checks the generated file against
// the globals the compiled module exports, so a region, slot or code can't mean one thing on each side.
import { beforeAll, describe, expect, it } from 'vitest';
import { MODULE_CONSTANTS } from '../src/generated/layout';
import * as layout from '../src/layout';
import { initSync, instantiate } from '../src/index';

beforeAll(() => initSync());

describe('generated layout', () => {
  it('agrees with every constant the module exports', () => {
    const exports = instantiate() as unknown as Record<string, unknown>;
    const globals = Object.entries(exports).filter(([, value]) => value instanceof WebAssembly.Global);
    expect(globals.length).toBe(Object.keys(MODULE_CONSTANTS).length);
    for (const [name, [object, key]] of Object.entries(MODULE_CONSTANTS)) {
      const group = (layout as Record<string, Record<string, number>>)[object];
      expect({ name, value: group[key] }).toEqual({ name, value: (exports[name] as WebAssembly.Global).value });
    }
  });

  it('names the groups the JS face uses', () => {
    expect(layout.StopCode).toEqual({ max_items: 0, min_se: 1, exhausted: 2 });
    expect(Object.keys(layout.EstimatorCode)).toEqual(['map', 'mle', 'eap', 'wle']);
    expect(layout.ResponseCode).toEqual({ wrong: 0, right: 1, missing: 2 });
    expect(layout.ItemFlag).toEqual({ free: 0, atBound: 1, noData: 2 });
  });
});
