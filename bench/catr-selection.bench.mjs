// Time per selection step of every criterion, ours (WebAssembly) next to catR's `nextItem` on the same seeded
// banks and states as bench/selection.bench.mjs, with catR's picks compared to ours. Needs `Rscript` with
// catR (3.17, pure R; e.g. R_LIBS_USER pointing at a library it was installed into); without them it says why
// and exits 0, so CI never needs R.
//
//   node bench/catr-selection.bench.mjs            prints the table and updates the "catR side by side" section
//   node bench/catr-selection.bench.mjs --quick    1,000 items only; writes nothing
//
// catR is given exactly our bank parameters and answers (written to a temporary folder with round-trip digits)
// and our MAP θ, called as nextItem(bank, theta, out = administered items, x = answers, criterion,
// method = "BM"), its defaults otherwise (D = 1, N(0, 1) prior, 33-point grid on [−4, 4], observed information).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CRITERIA, DEFAULT_GRID, ItemBank, initSync, nextItem } from '@fluidbench/core';
import { syntheticBank } from './lib/synthetic.mjs';
import { formatNumber, formatRatio, machineFacts, markdownTable, writeAtomically } from './lib/report.mjs';
import { timeRepeated } from './lib/timing.mjs';
import { BANK_SEED, GIVEN, SIZES, stateOf } from './selection.bench.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..');
const START = '<!-- catr-selection:start -->';
const END = '<!-- catr-selection:end -->';
const SELECTION_END = '<!-- selection-criteria:end -->';
/** catR's spelling of each criterion. */
const CATR_NAME = { mfi: 'MFI', bopt: 'bOpt', thopt: 'thOpt', mlwi: 'MLWI', mpwi: 'MPWI', mei: 'MEI', mepv: 'MEPV', kl: 'KL', klp: 'KLP' };
/** A catR step longer than this (extrapolated from the previous size) is not run, only estimated. */
const CATR_LIMIT_SECONDS = 10;
const GOAL_RATIO = 100;
/** Criteria whose step is timed as core's `nextItem` (the pick-only path: no other item's value is computed). */
const PICK_ONLY = new Set(['mfi', 'bopt', 'thopt']);

/** R's version and catR's, or the reason they cannot be used. */
function probeCatR() {
  const probe = spawnSync('Rscript', ['-e', 'cat(R.version$major, R.version$minor, as.character(packageVersion("catR")))'], { encoding: 'utf8' });
  if (probe.error) return { reason: `Rscript is not available (${probe.error.code})` };
  if (probe.status !== 0) return { reason: `catR is not installed for Rscript (${probe.stderr.trim().split('\n').find((line) => line.includes('catR')) ?? probe.stderr.trim()})` };
  const [major, minor, catR] = probe.stdout.trim().split(' ');
  return { r: `${major}.${minor}`, catR };
}

/** Our median time per step and pick for every criterion, size and state; the states go to `dir` for catR. */
function benchOurs(sizes, dir) {
  initSync();
  const rows = [];
  const cases = ['size,given,theta'];
  for (const size of sizes) {
    const { a, b } = syntheticBank(size, BANK_SEED);
    writeFileSync(join(dir, `bank-${size}.csv`), `a,b\n${Array.from(a, (x, i) => `${x},${b[i]}`).join('\n')}\n`);
    const bank = new ItemBank({ a, b });
    const engine = bank.engine();
    const values = new Float64Array(size);
    for (const given of GIVEN) {
      const state = stateOf(bank, given);
      cases.push(`${size},${given},${state.theta}`);
      writeFileSync(join(dir, `state-${size}-${given}.csv`), `item,response\n${state.items.map((item, k) => `${item + 1},${state.responses[k]}`).join('\n')}\n`);
      for (const criterion of CRITERIA) {
        const scan = () => engine.criterionValuesInto(criterion, state.items, state.responses, state.theta, 'map', DEFAULT_GRID, [], values).best;
        // catR's nextItem returns only the pick, so where ours has a pick-only path that is the step timed
        const step = PICK_ONLY.has(criterion) ? () => engine.pickNext(criterion, state.theta, state.items, []).best : scan;
        if (step() !== scan() || nextItem(bank, state, { selector: criterion }).index !== scan()) {
          throw new Error(`${criterion} on ${size} items, ${given} given: the pick-only path's pick differs from the full scan's`);
        }
        // warm up (JIT tiers, the sorted locations) for about 50 ms, so the first bank's cells are not timed cold
        for (const until = performance.now() + 50; performance.now() < until;) step();
        // batches of calls lasting about a millisecond, so the fastest criteria are not lost in the timer's noise
        const first = timeRepeated(step, { minRepeats: 1, maxRepeats: 1 });
        const batch = Math.max(1, Math.ceil(1 / Math.max(first.ms, 1e-3)));
        const timing = timeRepeated(() => {
          let pick;
          for (let i = 0; i < batch; i++) pick = step();
          return pick;
        }, { minRepeats: 3, maxRepeats: 25, budgetMs: 400 });
        if (timing.result !== first.result) throw new Error(`${criterion} on ${size} items: the pick changed between calls`);
        rows.push({ size, given, criterion, ms: timing.ms / batch, pick: timing.result });
      }
    }
  }
  writeFileSync(join(dir, 'cases.csv'), `${cases.join('\n')}\n`);
  return rows;
}

/** catR's rows (see bench/catr-selection.R) keyed by size, given and criterion. */
function benchCatR(dir) {
  const run = spawnSync('Rscript', [join(benchDir, 'catr-selection.R'), dir, String(CATR_LIMIT_SECONDS)], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  if (run.status !== 0) throw new Error(`catr-selection.R failed: ${run.stderr}`);
  const [, ...lines] = readFileSync(join(dir, 'catr.csv'), 'utf8').trim().split('\n');
  const byKey = new Map();
  for (const line of lines) {
    const [size, given, name, pick, samples, ms, estimatedMs] = line.split(',');
    const number = (text) => (text === 'NA' ? undefined : Number(text));
    byKey.set(`${size} ${given} ${name}`, { pick: number(pick), samples: Number(samples), ms: number(ms), estimatedMs: number(estimatedMs) });
  }
  return byKey;
}

function report(rows, catR, versions) {
  const machine = machineFacts();
  const body = rows.map((row) => {
    const theirs = catR.get(`${row.size} ${row.given} ${CATR_NAME[row.criterion]}`);
    const catRMs = theirs.ms ?? theirs.estimatedMs;
    const mark = theirs.ms === undefined ? '≈ ' : '';
    const same = theirs.pick === undefined ? 'not run' : theirs.pick === row.pick ? 'yes' : `no (catR ${theirs.pick}, ours ${row.pick})`;
    return { row, ratio: catRMs / row.ms, differs: theirs.pick !== undefined && theirs.pick !== row.pick, cells: [row.size.toLocaleString('en'), String(row.given), row.criterion, formatNumber(row.ms), `${mark}${formatNumber(catRMs)}`, `${mark}${formatRatio(catRMs, row.ms)}`, same] };
  });
  const table = markdownTable(['items', 'given', 'criterion', 'ours (ms)', 'catR nextItem (ms)', 'catR / ours', 'same pick'], body.map((b) => b.cells));
  const measured = body.filter((b) => catR.get(`${b.row.size} ${b.row.given} ${CATR_NAME[b.row.criterion]}`).ms !== undefined);
  const goalLines = [...new Set(rows.map((r) => r.size))].map((size) => {
    const atSize = body.filter((b) => b.row.size === size);
    const short = atSize.filter((b) => b.ratio < GOAL_RATIO);
    const where = `${size.toLocaleString('en')} items`;
    return short.length === 0
      ? `${where}: met by every criterion (smallest ratio ×${formatNumber(Math.min(...atSize.map((b) => b.ratio)))}).`
      : `${where}: not met by ${short.map((b) => `${b.row.criterion} (${b.row.given} given, ×${formatNumber(b.ratio)})`).join(', ')}.`;
  });
  const mismatches = body.filter((b) => b.differs);
  return `${START}
## Selection criteria: catR side by side

Written by \`node bench/catr-selection.bench.mjs\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, R ${versions.r} (Debian's r-base-core), catR ${versions.catR} (built from its CRAN source); load average ${machine.load.toFixed(2)} at the end (other work shared the machine).

The banks and states of "Selection criteria" (seeded synthetic 2PL banks, states after 50 and 250 items of n_max 500), written with round-trip digits for R, so catR sees exactly our parameters, answers and MAP θ. catR's step is \`nextItem(bank, theta, out = administered items, x = answers, criterion, method = "BM")\` with its defaults otherwise (D = 1, N(0, 1) prior, 33-point grid on [−4, 4], observed information), timed with \`proc.time\` over batches of calls (one call when it takes over a second; medians of three otherwise). Ours, in the same run (median of repeated calls), is the step catR's \`nextItem\` does: the pick. For mfi, bopt and thopt that is \`IrtEngine.pickNext\`, the pick-only path behind core's \`nextItem\`, which computes no other item's value (mfi: the pruned exact search of replay; bopt, thopt: the bank's items sorted once by b or by the θ of peak information, a binary search for θ and a walk outward past administered items), checked here (and core's \`nextItem\`) to pick the item of the full scan; for the other criteria it is \`IrtEngine.criterionValuesInto\` as in that section (every item's value, then the pick). A step catR would take over ${CATR_LIMIT_SECONDS} s (extrapolated linearly in the bank size from the largest size it ran at, its cost being a pass over the unused items) is not run: its time is marked ≈ and is that extrapolation.

${table}

- **Goal: ≥ ${GOAL_RATIO}× catR's time per step.** ${goalLines.join(' ')}
- Where catR's step is one vectorised R expression over the bank (mfi, bopt, thopt: compiled arithmetic per item), a full pass of ours would be only tens of times faster; our pick-only path skips the pass (a few hundred items for mfi, O(log n + administered) for bopt and thopt), which is where the ratio comes from. Where catR loops over the items in R, each item recomputing the likelihood of every answer on the grid (mlwi, mpwi, mepv) or re-estimating θ by a root search (mei) or, with the likelihood computed once, calling an R function per item (kl, klp), it is hundreds to hundreds of thousands of times.
- Picks: ${mismatches.length === 0 ? 'catR picks the same item as ours on every state it was run on.' : `${mismatches.length} of ${measured.length} measured steps pick differently: ${mismatches.map((b) => `${b.row.criterion} at ${b.row.size.toLocaleString('en')} items, ${b.row.given} given`).join('; ')} (see the last column).`}
${END}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const versions = probeCatR();
  if (versions.reason) {
    console.log(`catR side by side skipped: ${versions.reason}.`);
    process.exit(0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'fluidbench-catr-'));
  try {
    const rows = benchOurs(quick ? SIZES.slice(0, 1) : SIZES, dir);
    const section = report(rows, benchCatR(dir), versions);
    console.log(section);
    if (!quick) {
      const path = join(repoRoot, 'bench/RESULTS.md');
      const text = readFileSync(path, 'utf8');
      const at = text.indexOf(START);
      // first time: right after the "Selection criteria" section (else at the end)
      const after = text.indexOf(SELECTION_END);
      const next = at >= 0
        ? `${text.slice(0, at)}${section}${text.slice(text.indexOf(END) + END.length)}`
        : after >= 0
          ? `${text.slice(0, after + SELECTION_END.length)}\n${section}${text.slice(after + SELECTION_END.length)}`
          : `${text.trimEnd()}\n\n${section}\n`;
      writeAtomically(path, next);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
