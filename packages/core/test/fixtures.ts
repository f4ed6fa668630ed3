// Test helpers: read the golden fixtures (repo copies) and the licensed leaderboard slice beside the checkout.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../..');
export const fixturesDir = join(repoRoot, 'fixtures');
export const leaderboardDir = resolve(repoRoot, '../shared/fixtures/leaderboard');
export const hasLeaderboard = existsSync(join(leaderboardDir, 'arc_fluid_ref_numpy.jsonl'));

export function readCsv(path: string): string[][] {
  return readFileSync(path, 'utf8').trim().split(/\r?\n/).map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
}

export function readJsonl<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as T);
}

/** A bank and its response columns from `<name>_irt.csv` and `<name>_responses.csv`. */
export function readBank(dir: string, name: string) {
  const irt = readCsv(join(dir, `${name}_irt.csv`));
  const head = irt[0];
  const ia = head.indexOf('a');
  const ib = head.indexOf('b');
  const rows = irt.slice(1);
  const responses = readCsv(join(dir, `${name}_responses.csv`));
  const checkpoints = responses[0].slice(1);
  const columns = checkpoints.map((_, c) => responses.slice(1).map((row) => Number(row[c + 1])));
  return {
    ids: rows.map((r) => r[0]),
    a: rows.map((r) => Number(r[ia])),
    b: rows.map((r) => Number(r[ib])),
    checkpoints,
    columns,
  };
}

/** Largest absolute difference between two equal-length arrays. */
export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}
