// A slice of the CLI fuzz campaign (scripts/fuzz-cli.mjs, `pnpm fuzz:cli` runs thousands): mutated fixture
// CSVs and flags; every run exits 0 or 2 with one line, no stack trace, no partial --out.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without type declarations
import { fuzz } from '../../../scripts/fuzz-cli.mjs';

const CASES = 100;
const SEED = 20261129;

describe('CLI fuzz (CI slice)', () => {
  it(`${CASES} mutated command lines and files: exit 0 or 2, one line, nothing half-written`, async () => {
    const results: { k: number; args: string[]; stderr: string; problems: string[]; status: number }[] = await fuzz({ cases: CASES, seed: SEED, parallel: 2 });
    const failures = results.filter((r) => r.problems.length > 0).map((r) => `case ${r.k}: ${r.problems.join('; ')}: fluid ${r.args.join(' ')} -> ${r.stderr}`);
    expect(failures).toEqual([]);
    // the campaign exercises both sides: runs that succeed and runs that are refused
    expect(results.some((r) => r.status === 0)).toBe(true);
    expect(results.some((r) => r.status === 2)).toBe(true);
  }, 600_000);
});
