// Child process of the benchmark: replays a large bank × many checkpoints in chunks of columns through one
// IrtEngine, so memory is bounded by the chunk, not the checkpoint count. Run alone so its peak RSS is its own.
// Prints one JSON line: { items, checkpoints, chunk, runs, totalMs, perRunMs, baselineRssMiB, peakRssMiB, checksum }.
import { parseArgs } from 'node:util';
import { initSync, IrtEngine } from '@fluidbench/irt-wasm';
import { checkpointAbility, syntheticBank, syntheticColumn } from './synthetic.mjs';
import { Checksum } from './timing.mjs';

const BANK_SEED = 28659;
const RESPONSE_SEED = 94000;
const KIB_PER_MIB = 1024;

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '28659' },
    checkpoints: { type: 'string', default: '94' },
    chunk: { type: 'string', default: '16' },
    'n-max': { type: 'string', default: '500' },
  },
});
const nItems = Number(values.items);
const nCheckpoints = Number(values.checkpoints);
const chunk = Number(values.chunk);
const nMax = Number(values['n-max']);

initSync();
const bank = syntheticBank(nItems, BANK_SEED);
const engine = new IrtEngine();
engine.setBank(bank);
// maxRSS is in KiB on Linux and macOS.
const baselineRssMiB = process.resourceUsage().maxRSS / KIB_PER_MIB;

const checksum = new Checksum();
const matrix = new Float64Array(chunk * nItems);
let totalMs = 0;
let longest = 0;
for (let first = 0; first < nCheckpoints; first += chunk) {
  const count = Math.min(chunk, nCheckpoints - first);
  for (let c = 0; c < count; c++) {
    matrix.set(syntheticColumn(bank, checkpointAbility(first + c, nCheckpoints), RESPONSE_SEED + first + c), c * nItems);
  }
  engine.setResponses(count === chunk ? matrix : matrix.subarray(0, count * nItems), count);
  const started = performance.now();
  const runs = engine.replayColumns(0, count, { nMax, start: 0, estimator: 'map', selector: 'mfi', minSe: 0 });
  totalMs += performance.now() - started;
  for (const run of runs) {
    if (run.items.length !== Math.min(nMax, nItems)) throw new Error(`bounded memory: a run stopped after ${run.items.length} items`);
    longest = Math.max(longest, run.items.length);
    checksum.addRun(run.items, run.abilities);
  }
}

process.stdout.write(JSON.stringify({
  items: nItems,
  checkpoints: nCheckpoints,
  chunk,
  nMax,
  runs: checksum.runs,
  steps: longest,
  totalMs,
  perRunMs: totalMs / checksum.runs,
  responseMatrixMiB: (nItems * nCheckpoints * 8) / 2 ** 20,
  baselineRssMiB,
  peakRssMiB: process.resourceUsage().maxRSS / KIB_PER_MIB,
  checksum: checksum.value,
}) + '\n');
