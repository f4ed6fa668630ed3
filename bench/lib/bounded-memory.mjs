// Child process of the benchmark: replays a large bank × many checkpoints in chunks of columns through one
// IrtEngine, so memory is bounded by the chunk, not the checkpoint count. Run alone so its peak RSS is its own.
// Prints one JSON line: { items, checkpoints, chunk, nMax, runs, steps, totalMs, perRunMs, responseMatrixMiB,
// baselineRssMiB, peakRssMiB (VmHWM where Linux has it, else maxRSS), maxRssMiB, vmHwmMiB, checksum }.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initSync, IrtEngine } from '@fluidbench/irt-wasm';
import { checkpointAbility, syntheticBank, syntheticColumn } from './synthetic.mjs';
import { Checksum } from './timing.mjs';

const BANK_SEED = 28659;
const RESPONSE_SEED = 94000;
const KIB_PER_MIB = 1024;

/**
 * Peak resident set size so far, in MiB: `process.resourceUsage().maxRSS` and, on Linux, VmHWM from
 * /proc/self/status. They differ in a spawned child: Linux carries the forked copy of the parent's peak into the
 * child's maxRSS across exec, while VmHWM belongs to this process image alone.
 */
function peakRss() {
  // maxRSS is in KiB on Linux and macOS.
  const maxRssMiB = process.resourceUsage().maxRSS / KIB_PER_MIB;
  const status = '/proc/self/status';
  const match = existsSync(status) ? /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(status, 'utf8')) : null;
  return { maxRssMiB, vmHwmMiB: match ? Number(match[1]) / KIB_PER_MIB : undefined };
}

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
const baseline = peakRss();

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

const peak = peakRss();
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
  baselineRssMiB: baseline.vmHwmMiB ?? baseline.maxRssMiB,
  peakRssMiB: peak.vmHwmMiB ?? peak.maxRssMiB,
  maxRssMiB: peak.maxRssMiB,
  vmHwmMiB: peak.vmHwmMiB,
  checksum: checksum.value,
}) + '\n');
