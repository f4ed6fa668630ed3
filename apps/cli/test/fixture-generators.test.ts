// The project's own fixtures come from scripts in fixtures/scripts: rerunning them must give the committed files
// (banks byte for byte; estimates to the last bit, as the scripts' --check allows for another numpy).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, hasNumpyReference, referenceScript } from './helpers';

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const hasReference = hasNumpyReference();
if (!hasNumpy) console.warn('fixture generators skipped: python3 with numpy is not available');
else if (!hasReference) console.warn('expected_estimates.py check skipped: ../shared/reference/ref_numpy.py is not available');

function check(script: string, ...args: string[]) {
  return spawnSync('python3', [join(fixturesDir, 'scripts', script), '--check', ...args], { encoding: 'utf8' });
}

describe('fixture generators', { timeout: 180_000 }, () => {
  it.skipIf(!hasNumpy)('synthetic_banks.py regenerates the synthetic and edge banks byte for byte', () => {
    const run = check('synthetic_banks.py');
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('17 of 17 files identical');
    expect(run.status).toBe(0);
  });

  it.skipIf(!hasReference)('expected_estimates.py regenerates the full-bank and random-subset estimates', () => {
    const run = check('expected_estimates.py', '--reference', referenceScript);
    expect(run.stdout).toMatch(/synthetic\/expected_full_bank_map\.jsonl/);
    expect(run.stdout).not.toMatch(/DIFFERS/);
    expect(run.status).toBe(0);
  });
});
