// The synthetic arc_challenge bank and the reference's expected runs, read through Vite's `?raw` imports
// (the browser has no node:fs). The parsing is deliberately plain: these are the fixtures' own numbers.
import irtCsv from '../../../../fixtures/synthetic/arc_challenge_irt.csv?raw';
import responsesCsv from '../../../../fixtures/synthetic/arc_challenge_responses.csv?raw';
import expectedStart0 from '../../../../fixtures/synthetic/expected_map_start0.jsonl?raw';
import expectedStartMinus1 from '../../../../fixtures/synthetic/expected_map_start-1.jsonl?raw';
import expectedFullBank from '../../../../fixtures/synthetic/expected_full_bank_map.jsonl?raw';

export interface ExpectedRun {
  bank: string;
  checkpoint: string;
  n_max: number;
  start: number;
  items: number[];
  abilities: number[];
  se: number[];
}

function rows(text: string): string[][] {
  return text.trim().split(/\r?\n/).map((line) => line.split(','));
}

const irt = rows(irtCsv);
const responses = rows(responsesCsv);

export const arc = {
  ids: irt.slice(1).map((row) => row[0]),
  a: irt.slice(1).map((row) => Number(row[irt[0].indexOf('a')])),
  b: irt.slice(1).map((row) => Number(row[irt[0].indexOf('b')])),
  checkpoints: responses[0].slice(1),
  columns: responses[0].slice(1).map((_, c) => responses.slice(1).map((row) => Number(row[c + 1]))),
};

function runsOf(text: string): ExpectedRun[] {
  return text.trim().split('\n').map((line) => JSON.parse(line) as ExpectedRun).filter((run) => run.bank === 'arc_challenge');
}

/** MAP, n_max 500, from start 0 and from start −1, one run per checkpoint. */
export const expectedArc = { start0: runsOf(expectedStart0), startMinus1: runsOf(expectedStartMinus1) };

export interface ExpectedFullBank {
  bank: string;
  checkpoint: string;
  theta_map: number;
  se_map: number;
}

/** Full-bank MAP ability and SE per arc_challenge checkpoint (items in ascending order, Newton from 0). */
export const expectedArcFullBank = expectedFullBank
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as ExpectedFullBank)
  .filter((row) => row.bank === 'arc_challenge');

/** Largest absolute difference between two equal-length arrays (Infinity when the lengths differ). */
export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}
