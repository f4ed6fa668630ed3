// The benchmark of issue 6: the WASM engine against the plain-TS oracle, jsCAT and the numpy reference engine,
// all in one process run, reported as medians and ratios in bench/RESULTS.md with the machine and date.
//
//   pnpm bench                      build, then the full run (a few minutes), writes bench/RESULTS.md
//   node bench/run.mjs --quick      a short smoke run; prints the tables, writes nothing unless --out is given
//   node bench/run.mjs --out FILE   write the report to FILE instead
//
// Every timed result is checked (WASM item sequences equal the oracle's, the numpy engine's and the fixtures'
// expected ones) and folded into a checksum, so no measured work is dead code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { abilityMany, DEFAULT_ENGINE_OPTIONS, fluidBenchmarkingMany, initSync, ItemBank } from '@fluidbench/core';
import * as oracle from '@fluidbench/oracle';
import { IrtEngine } from '@fluidbench/irt-wasm';
import { jsCatVersion, modelJsCatRun, numpyScriptPath, numpyVersion, runJsCat, runNumpy } from './lib/competitors.mjs';
import { formatNumber, formatRatio, machineFacts, markdownTable, writeAtomically } from './lib/report.mjs';
import { syntheticBank, syntheticColumns, writeReferenceCsv } from './lib/synthetic.mjs';
import { assertSameItems, Checksum, maxAbsDifference, median, timeRepeated } from './lib/timing.mjs';

const WHOLE_COMMANDS_HEADING = '## Whole commands (measured separately)';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, '..');
const fixturesDir = join(repoRoot, 'fixtures', 'synthetic');
const REAL_BANKS = ['truthfulqa_mc2', 'arc_challenge', 'winogrande', 'gsm8k', 'hellaswag', 'mmlu'];
const GOAL_BANK = 'mmlu';
const GOAL_MS = 3;
/** Same algorithm, same order of operations up to summation: abilities agree far below this. */
const ABILITY_TOLERANCE = 1e-9;
const BANK_SEED = 6000;
const RESPONSE_SEED = 7000;
const MAP_PRECISION = 1;
const LEADERBOARD_CHECKPOINTS = 94;

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    'no-jscat': { type: 'boolean', default: false },
    'no-numpy': { type: 'boolean', default: false },
  },
});
const quick = flags.quick;

/** How much of each comparison to run: the full plan takes a few minutes, the quick one seconds. */
const plan = quick
  ? {
      sizes: [100, 1000],
      nMaxes: [100, 500],
      columnsFor: () => 3,
      oracleRunsFor: () => 1,
      numpyRunsFor: () => 1,
      timing: { minRepeats: 1, maxRepeats: 2, budgetMs: 50 },
      jsCatSampleMs: 50,
      jsCatFullRunMs: 300,
      jsCatFullRunBanks: [],
      realBanks: ['arc_challenge', 'mmlu'],
      realColumns: 2,
      realOracleRuns: 1,
      estimateCases: [{ items: 1000, vectors: 200 }],
      estimateOracleVectors: 2,
      memory: { checkpoints: 8, chunk: 4 },
    }
  : {
      sizes: [100, 1000, 10000, 100000],
      nMaxes: [100, 500],
      columnsFor: (n) => (n >= 100000 ? 4 : 10),
      oracleRunsFor: (n) => (n >= 100000 ? 1 : n >= 10000 ? 2 : 5),
      numpyRunsFor: (n) => (n >= 100000 ? 2 : 5),
      timing: { minRepeats: 5, maxRepeats: 60, budgetMs: 1500 },
      jsCatSampleMs: 1000,
      jsCatFullRunMs: 4000,
      /** Real banks where jsCAT also runs for real, to check its cost model on a paper-sized bank. */
      jsCatFullRunBanks: ['arc_challenge'],
      realBanks: REAL_BANKS,
      realColumns: 10,
      realOracleRuns: 2,
      estimateCases: [{ items: 1172, vectors: 5000 }, { items: 14042, vectors: 2000 }],
      estimateOracleVectors: 20,
      memory: { checkpoints: LEADERBOARD_CHECKPOINTS, chunk: 16 },
    };

const checksum = new Checksum();
/** Counts of cross-checked runs, reported at the end. */
const checks = { oracleRuns: 0, numpyRuns: 0, fixtureRuns: 0, batchRuns: 0, jsCatFirstItems: 0, jsCatModel: [], worstAbility: 0, estimates: 0, worstEstimate: 0 };
const notes = [];

function log(message) {
  process.stderr.write(`${message}\n`);
}

/** `count` column indices spread evenly over [0, total). */
function spread(count, total) {
  if (count >= total) return Array.from({ length: total }, (_, i) => i);
  if (count === 1) return [total >> 1];
  return Array.from({ length: count }, (_, j) => Math.round((j * (total - 1)) / (count - 1)));
}

function columnMajor(columns, nItems) {
  const matrix = new Float64Array(columns.length * nItems);
  columns.forEach((column, c) => matrix.set(column, c * nItems));
  return matrix;
}

const mapSettings = (nMax) => ({ nMax, start: 0, estimator: 'map', selector: 'mfi', minSe: 0 });

/**
 * Times one bank × n_max cell with every engine and cross-checks their item sequences.
 * `referenceRuns` (column → {items, abilities}) are extra expected trajectories (fixtures), checked when given.
 */
function measureCell({ label, bankColumns, columns, nMax, oracleRuns, numpy, jsCatEstimators, referenceRuns }) {
  const n = bankColumns.a.length;
  const steps = Math.min(nMax, n);
  const bank = new ItemBank(bankColumns);
  const cell = { label, items: n, nMax, steps, runs: columns.length };

  const many = timeRepeated(() => fluidBenchmarkingMany(columns, bank, { nMax }), plan.timing);
  cell.manyMs = many.ms / columns.length;
  cell.manyBestMs = many.bestMs / columns.length;
  const wasmRuns = many.result;
  for (const run of wasmRuns) {
    if (run.items.length !== steps) throw new Error(`${label}: a WASM run stopped after ${run.items.length} of ${steps} items`);
    checksum.addRun(run.items, run.abilities);
  }

  const engine = new IrtEngine();
  engine.setBank(bankColumns);
  engine.setResponses(columnMajor(columns, n), columns.length);
  const batch = timeRepeated(() => engine.replayColumns(0, columns.length, mapSettings(nMax)), plan.timing);
  cell.batchMs = batch.ms / columns.length;
  cell.batchBestMs = batch.bestMs / columns.length;
  batch.result.forEach((run, c) => {
    assertSameItems(run.items, wasmRuns[c].items, `${label} column ${c}: replayColumns vs fluidBenchmarkingMany`);
    checksum.addRun(run.items, run.abilities);
    checks.batchRuns += 1;
  });

  const oracleMs = [];
  for (const c of spread(oracleRuns, columns.length)) {
    const started = performance.now();
    const run = oracle.replay(bankColumns, columns[c], { nMax, start: 0, estimator: 'map', ...DEFAULT_ENGINE_OPTIONS });
    oracleMs.push(performance.now() - started);
    assertSameItems(wasmRuns[c].items, run.items, `${label} column ${c}: WASM vs plain-TS oracle`);
    noteAbilities(maxAbsDifference(wasmRuns[c].abilities, run.abilities), `${label} column ${c}: WASM vs oracle`);
    checksum.addRun(run.items, run.abilities);
    checks.oracleRuns += 1;
  }
  cell.oracleMs = median(oracleMs);

  if (referenceRuns) {
    referenceRuns.forEach((expected, c) => {
      if (c >= wasmRuns.length) return;
      assertSameItems(wasmRuns[c].items, expected.items.slice(0, steps), `${label} column ${c}: WASM vs fixture`);
      noteAbilities(maxAbsDifference(wasmRuns[c].abilities, expected.abilities.slice(0, steps)), `${label} column ${c}: WASM vs fixture`);
      checks.fixtureRuns += 1;
    });
  }

  if (numpy) {
    const runs = runNumpy({ ...numpy, nMax });
    runs.forEach((run, j) => {
      const c = numpy.checkpoints[j];
      assertSameItems(wasmRuns[c].items, run.items, `${label} column ${c}: WASM vs numpy reference`);
      noteAbilities(maxAbsDifference(wasmRuns[c].abilities, run.abilities), `${label} column ${c}: WASM vs numpy`);
      checksum.addRun(run.items, run.abilities);
      checks.numpyRuns += 1;
    });
    cell.numpyMs = median(runs.map((run) => run.ms));
  }

  cell.jsCat = {};
  const middle = columns.length >> 1;
  for (const estimator of jsCatEstimators) {
    const model = modelJsCatRun(bankColumns, columns[middle], wasmRuns[middle].items, { estimator, steps, budgetMs: plan.jsCatSampleMs });
    // Both select the first item at θ = 0 by maximum information, so it must agree whatever the estimator.
    if (model.firstItem !== wasmRuns[middle].items[0]) {
      throw new Error(`${label}: jsCAT's first item ${model.firstItem} differs from ours ${wasmRuns[middle].items[0]}`);
    }
    checks.jsCatFirstItems += 1;
    const entry = { runMs: model.runMs, modelled: true, firstStepMs: model.firstStepMs, lastSelectMs: model.lastSelectMs, lastUpdateMs: model.lastUpdateMs };
    if (model.runMs <= plan.jsCatFullRunMs || plan.jsCatFullRunBanks.includes(label)) {
      const full = runJsCat(bankColumns, columns[middle], { estimator, nMax });
      if (full.items[0] !== wasmRuns[middle].items[0]) throw new Error(`${label}: jsCAT's first item ${full.items[0]} differs from ours`);
      checksum.addValues([full.theta]);
      checks.jsCatModel.push({ label, estimator, nMax, modelMs: model.runMs, measuredMs: full.ms });
      entry.runMs = full.ms;
      entry.modelled = false;
    }
    cell.jsCat[estimator] = entry;
  }
  log(`  ${label} n_max ${nMax}: WASM ${formatNumber(cell.manyMs)} ms/run, batch ${formatNumber(cell.batchMs)}, oracle ${formatNumber(cell.oracleMs)}, numpy ${formatNumber(cell.numpyMs)}`);
  return cell;
}

function noteAbilities(difference, what) {
  if (!(difference <= ABILITY_TOLERANCE)) throw new Error(`${what}: abilities differ by ${difference} (tolerance ${ABILITY_TOLERANCE})`);
  checks.worstAbility = Math.max(checks.worstAbility, difference);
}

function readCsvRows(path) {
  return readFileSync(path, 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
}

function readFixtureBank(name) {
  const irt = readCsvRows(join(fixturesDir, `${name}_irt.csv`));
  const responses = readCsvRows(join(fixturesDir, `${name}_responses.csv`));
  const bankColumns = { a: Float64Array.from(irt, (row) => Number(row[1])), b: Float64Array.from(irt, (row) => Number(row[2])) };
  const nColumns = responses[0].length - 1;
  const columns = Array.from({ length: nColumns }, (_, c) => Float64Array.from(responses, (row) => Number(row[c + 1])));
  return { bankColumns, columns };
}

function readFixtureRuns(name) {
  return readFileSync(join(fixturesDir, 'expected_map_start0.jsonl'), 'utf8').trim().split('\n')
    .map((line) => JSON.parse(line)).filter((row) => row.bank === name);
}

function sweep(numpyReady, scratch) {
  log('scaling sweep');
  const cells = [];
  for (const n of plan.sizes) {
    const bankColumns = syntheticBank(n, BANK_SEED + n);
    const columns = syntheticColumns(bankColumns, plan.columnsFor(n), RESPONSE_SEED + n);
    const name = `synthetic_${n}`;
    if (numpyReady) writeReferenceCsv(scratch, name, bankColumns, columns);
    for (const nMax of plan.nMaxes) {
      const numpy = numpyReady
        ? { script: numpyScript, dataDir: scratch, bank: name, checkpoints: spread(plan.numpyRunsFor(n), columns.length), outFile: join(scratch, `${name}_${nMax}.jsonl`) }
        : undefined;
      cells.push(measureCell({
        label: `${n} items`, bankColumns, columns, nMax, oracleRuns: plan.oracleRunsFor(n), numpy,
        jsCatEstimators: flags['no-jscat'] ? [] : ['EAP'],
      }));
    }
  }
  return cells;
}

function realBanks(numpyReady, scratch) {
  log('paper-sized banks (fixtures/synthetic), n_max 500');
  return plan.realBanks.map((name) => {
    const { bankColumns, columns } = readFixtureBank(name);
    const used = columns.slice(0, plan.realColumns);
    const numpy = numpyReady
      ? { script: numpyScript, dataDir: fixturesDir, bank: name, checkpoints: used.map((_, c) => c), outFile: join(scratch, `${name}.jsonl`) }
      : undefined;
    return measureCell({
      label: name, bankColumns, columns: used, nMax: 500, oracleRuns: plan.realOracleRuns, numpy,
      jsCatEstimators: flags['no-jscat'] ? [] : ['MLE', 'EAP'], referenceRuns: readFixtureRuns(name),
    });
  });
}

function fullBankEstimates() {
  log('full-bank estimates');
  return plan.estimateCases.map(({ items, vectors }) => {
    const bankColumns = syntheticBank(items, BANK_SEED + items + 1);
    const bank = new ItemBank(bankColumns);
    const columns = syntheticColumns(bankColumns, vectors, RESPONSE_SEED + items + 1);
    const viaCore = timeRepeated(() => abilityMany(columns, bank, null), { ...plan.timing, maxRepeats: Math.min(plan.timing.maxRepeats, 7) });
    const engine = new IrtEngine();
    engine.setBank(bankColumns);
    engine.setResponses(columnMajor(columns, items), vectors);
    const viaEngine = timeRepeated(() => engine.estimateColumns(0, vectors, null, 0, 'map'), plan.timing);
    checksum.addValues(viaCore.result.theta);
    checksum.addValues(viaEngine.result.theta);
    const everyItem = Array.from({ length: items }, (_, i) => i);
    const oracleMs = [];
    for (const c of spread(plan.estimateOracleVectors, vectors)) {
      const started = performance.now();
      const theta = oracle.solve(bankColumns, everyItem, Array.from(columns[c]), 0, MAP_PRECISION, DEFAULT_ENGINE_OPTIONS);
      oracleMs.push(performance.now() - started);
      for (const [what, got] of [['abilityMany', viaCore.result.theta[c]], ['estimateColumns', viaEngine.result.theta[c]]]) {
        const difference = Math.abs(got - theta);
        if (!(difference <= ABILITY_TOLERANCE)) throw new Error(`full bank ${items} items, vector ${c}: ${what} ${got} vs oracle ${theta}`);
        checks.worstEstimate = Math.max(checks.worstEstimate, difference);
      }
      checks.estimates += 1;
    }
    const perSecond = (ms, count) => (count * 1000) / ms;
    const row = { items, vectors, coreMs: viaCore.ms, engineMs: viaEngine.ms, corePerSecond: perSecond(viaCore.ms, vectors), enginePerSecond: perSecond(viaEngine.ms, vectors), oraclePerSecond: 1000 / median(oracleMs) };
    log(`  ${items} items × ${vectors} vectors: ${formatNumber(row.corePerSecond)} estimates/s (abilityMany), ${formatNumber(row.enginePerSecond)} (estimateColumns), oracle ${formatNumber(row.oraclePerSecond)}`);
    return row;
  });
}

function boundedMemory() {
  log('bounded memory (child process)');
  const { checkpoints, chunk } = plan.memory;
  const child = spawnSync(process.execPath, [join(benchDir, 'lib', 'bounded-memory.mjs'), '--items', '28659', '--checkpoints', String(checkpoints), '--chunk', String(chunk), '--n-max', '500'], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bounded-memory child failed (exit ${child.status}): ${child.stderr.trim()}`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop());
  checksum.addValues([result.checksum]);
  log(`  ${result.items} items × ${result.checkpoints} checkpoints: ${formatNumber(result.totalMs)} ms, peak RSS ${formatNumber(result.peakRssMiB)} MiB`);
  return result;
}

/** Runs bench/<prefix>*.mjs files of other developers when present: each exports `exportName()` → rows {name, ms}. */
async function otherBenchmarks(prefix, exportName) {
  const files = readdirSync(benchDir).filter((file) => file.startsWith(prefix) && file.endsWith('.mjs')).sort();
  const rows = [];
  for (const file of files) {
    try {
      const module = await import(pathToFileURL(join(benchDir, file)).href);
      if (typeof module[exportName] !== 'function') {
        notes.push(`bench/${file} has no ${exportName}() export; skipped.`);
        continue;
      }
      if (quick) {
        notes.push(`bench/${file}: ${exportName}() found; not run in a quick run.`);
        continue;
      }
      log(`${file}: ${exportName}()`);
      for (const row of await module[exportName]()) rows.push({ file, name: row.name, ms: row.ms });
    } catch (error) {
      notes.push(`bench/${file} failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  }
  return { files, rows };
}

// ---------------------------------------------------------------------------------------------- report

function jsCatCell(cell, estimator) {
  const entry = cell.jsCat[estimator];
  if (!entry) return '—';
  return entry.modelled ? `≈ ${formatNumber(entry.runMs)}` : formatNumber(entry.runMs);
}

function realTable(cells) {
  const header = ['bank', 'items', 'WASM ms/run', 'WASM best ms/run', 'WASM batch ms/run', 'plain-TS oracle ms/run', 'numpy ms/run', 'jsCAT MLE ms/run', 'jsCAT EAP ms/run', 'oracle / WASM', 'numpy / WASM', 'jsCAT EAP / WASM'];
  const rows = cells.map((cell) => [
    cell.label, cell.items.toLocaleString('en-US'), formatNumber(cell.manyMs), formatNumber(cell.manyBestMs), formatNumber(cell.batchMs), formatNumber(cell.oracleMs),
    formatNumber(cell.numpyMs), jsCatCell(cell, 'MLE'), jsCatCell(cell, 'EAP'), formatRatio(cell.oracleMs, cell.manyMs),
    formatRatio(cell.numpyMs, cell.manyMs), formatRatio(cell.jsCat.EAP?.runMs, cell.manyMs),
  ]);
  return markdownTable(header, rows);
}

function scalingTables(cells) {
  const perRunHeader = ['items', 'n_max', 'steps', 'WASM ms/run', 'WASM batch ms/run', 'oracle ms/run', 'numpy ms/run', 'jsCAT EAP ms/run', 'oracle / WASM', 'numpy / WASM', 'jsCAT / WASM'];
  const perRun = cells.map((cell) => [
    cell.items.toLocaleString('en-US'), cell.nMax, cell.steps, formatNumber(cell.manyMs), formatNumber(cell.batchMs), formatNumber(cell.oracleMs),
    formatNumber(cell.numpyMs), jsCatCell(cell, 'EAP'), formatRatio(cell.oracleMs, cell.manyMs), formatRatio(cell.numpyMs, cell.manyMs),
    formatRatio(cell.jsCat.EAP?.runMs, cell.manyMs),
  ]);
  const perStepHeader = ['items', 'n_max', 'WASM µs/step', 'WASM batch µs/step', 'oracle µs/step', 'numpy µs/step', 'jsCAT EAP µs/step', 'jsCAT EAP µs, first step', 'jsCAT EAP µs, last steps: select + update'];
  const micro = (ms, steps) => (ms === undefined ? undefined : (ms * 1000) / steps);
  const perStep = cells.map((cell) => [
    cell.items.toLocaleString('en-US'), cell.nMax, formatNumber(micro(cell.manyMs, cell.steps)), formatNumber(micro(cell.batchMs, cell.steps)),
    formatNumber(micro(cell.oracleMs, cell.steps)), formatNumber(micro(cell.numpyMs, cell.steps)),
    formatNumber(micro(cell.jsCat.EAP?.runMs, cell.steps)), formatNumber(micro(cell.jsCat.EAP?.firstStepMs, 1)),
    cell.jsCat.EAP ? `${formatNumber(cell.jsCat.EAP.lastSelectMs * 1000)} + ${formatNumber(cell.jsCat.EAP.lastUpdateMs * 1000)}` : '—',
  ]);
  return `${markdownTable(perRunHeader, perRun)}\n\nPer step (a run's time divided by its steps):\n\n${markdownTable(perStepHeader, perStep)}`;
}

function estimatesTable(rows) {
  return markdownTable(
    ['items', 'response vectors', 'abilityMany ms', 'abilityMany estimates/s', 'estimateColumns estimates/s', 'plain-TS oracle estimates/s', 'estimateColumns / oracle'],
    rows.map((row) => [
      row.items.toLocaleString('en-US'), row.vectors.toLocaleString('en-US'), formatNumber(row.coreMs), formatNumber(row.corePerSecond),
      formatNumber(row.enginePerSecond), formatNumber(row.oraclePerSecond), formatRatio(row.enginePerSecond, row.oraclePerSecond),
    ]),
  );
}

function memoryTable(result) {
  return markdownTable(
    ['items', 'checkpoints', 'columns per chunk', 'steps/run', 'total ms', 'ms/run', 'full response matrix MiB', 'RSS after setup MiB', 'peak RSS MiB', 'maxRSS MiB'],
    [[
      result.items.toLocaleString('en-US'), result.checkpoints, result.chunk, result.steps, formatNumber(result.totalMs), formatNumber(result.perRunMs),
      formatNumber(result.responseMatrixMiB), formatNumber(result.baselineRssMiB), formatNumber(result.peakRssMiB), formatNumber(result.maxRssMiB),
    ]],
  );
}

function othersSection(title, exportName, prefix, found) {
  if (found.files.length === 0) return `### ${title}\n\nNo \`bench/${prefix}*.mjs\` present; not measured in this run.`;
  if (found.rows.length === 0) return `### ${title}\n\n\`${found.files.join('`, `')}\` reported no rows.`;
  return `### ${title}\n\nFrom \`${exportName}()\` in \`${found.files.join('`, `')}\`.\n\n${markdownTable(['file', 'what', 'ms', 's'], found.rows.map((row) => [row.file, row.name, formatNumber(row.ms), formatNumber(row.ms / 1000)]))}`;
}

function modelRatios() {
  return checks.jsCatModel.map((run) => run.modelMs / run.measuredMs);
}

/** The model-vs-measured pairs of the paper-sized banks (the small sweep cells only add noise to the list). */
function jsCatModelSummary() {
  const big = checks.jsCatModel.filter((run) => run.measuredMs >= 1000);
  if (big.length === 0) return 'all under a second';
  return big.map((run) => `${run.label} ${run.estimator} n_max ${run.nMax}: model ${formatNumber(run.modelMs / 1000)} s, measured ${formatNumber(run.measuredMs / 1000)} s`).join('; ');
}

function composeReport({ machine, versions, sweepCells, realCells, estimates, memory, fits, replications, started }) {
  const goal = realCells.find((cell) => cell.label === GOAL_BANK);
  const goalLine = goal
    ? `**Goal ≤ ${GOAL_MS} ms per 500-step run on ${goal.items.toLocaleString('en-US')} items (${GOAL_BANK}): ${goal.manyMs <= GOAL_MS ? 'met' : 'not met'}** — ${formatNumber(goal.manyMs)} ms/run (median; best ${formatNumber(goal.manyBestMs)} ms) through \`fluidBenchmarkingMany\`, ${formatNumber(goal.batchMs)} ms/run (best ${formatNumber(goal.batchBestMs)} ms) through \`IrtEngine.replayColumns\`${goal.numpyMs ? `; ${formatRatio(goal.numpyMs, goal.manyMs)} faster than the numpy reference (${formatNumber(goal.numpyMs)} ms)` : ''}${goal.jsCat.EAP ? `, ${formatRatio(goal.jsCat.EAP.runMs, goal.manyMs)} faster than jsCAT EAP (${goal.jsCat.EAP.modelled ? '≈ ' : ''}${formatNumber(goal.jsCat.EAP.runMs / 1000)} s)` : ''}${goal.jsCat.MLE ? ` and ${formatRatio(goal.jsCat.MLE.runMs, goal.manyMs)} faster than jsCAT MLE (${goal.jsCat.MLE.modelled ? '≈ ' : ''}${formatNumber(goal.jsCat.MLE.runMs / 1000)} s)` : ''}.`
    : `The ${GOAL_BANK} bank was not part of this run.`;
  const longest = Math.max(...plan.nMaxes);
  const scaling = sweepCells.filter((cell) => cell.nMax === longest)
    .map((cell) => `${cell.items.toLocaleString('en-US')} items ${formatNumber(cell.manyMs)} ms`).join(', ');
  const headline = [
    `- ${goalLine}`,
    `- Scaling, n_max ${longest}, WASM per run: ${scaling}.`,
    `- Full-bank MAP estimates: ${estimates.map((row) => `${formatNumber(row.enginePerSecond)}/s on ${row.items.toLocaleString('en-US')} items`).join(', ')} (\`IrtEngine.estimateColumns\`).`,
    `- Bounded memory: ${memory.items.toLocaleString('en-US')} items × ${memory.checkpoints} checkpoints replayed in ${formatNumber(memory.totalMs / 1000)} s with a peak RSS of ${formatNumber(memory.peakRssMiB)} MiB.`,
    ...replications.rows.map((row) => `- Grid: ${row.name}: ${formatNumber(row.ms / 1000)} s.`),
  ];
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`${quick ? 'node bench/run.mjs --quick' : 'pnpm bench'}\` (bench/run.mjs) on ${started.toISOString().slice(0, 10)}; the whole run took ${formatNumber((performance.now() - startedAt) / 1000)} s.`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${formatNumber(machine.memoryGiB)} GiB memory, Node ${machine.node}; load average ${formatNumber(startLoad)} at the start, ${formatNumber(machine.load)} at the end; numpy ${versions.numpy ?? (flags['no-numpy'] ? 'not run' : 'not available')}; jsCAT ${versions.jsCat ?? (flags['no-jscat'] ? 'not run' : 'not installed')}.`,
    '',
    'Settings everywhere: 2PL, MFI selection, MAP with an N(0, 1) prior (jsCAT: its MLE and its EAP, which it offers instead of MAP), start 0, θ in [−4, 4]. ' +
      'Times are medians of repeated calls within this one run (each call replays every checkpoint of the bank; "best" is the fastest call), so the ratios compare engines on the same machine at the same moment. ' +
      '"WASM" is `fluidBenchmarkingMany` from `@fluidbench/core` (copies responses in and results out); "WASM batch" is the pointer-level `IrtEngine.replayColumns` on responses already in WASM memory. ' +
      'The numpy reference (`ref_numpy.py`) times each run itself, so Python start-up and CSV parsing are not counted.',
    '',
    '## Headline',
    '',
    ...headline,
    '',
    `## Paper-sized banks (fixtures/synthetic, n_max 500, ${plan.realColumns} checkpoints each)`,
    '',
    realTable(realCells),
    '',
    '## Scaling across bank sizes (seeded synthetic banks: a ~ LogNormal(0, 0.5) clipped to [0.2, 4], b ~ N(0, 1.5²))',
    '',
    scalingTables(sweepCells),
    '',
    '## Full-bank ability estimates (MAP over every item, one call for all response vectors)',
    '',
    estimatesTable(estimates),
    '',
    `## Bounded memory: ${memory.items.toLocaleString('en-US')} items × ${memory.checkpoints} checkpoints${memory.checkpoints === LEADERBOARD_CHECKPOINTS ? ' (the leaderboard dataset\'s shape)' : ''}`,
    '',
    'A seeded synthetic bank of the leaderboard dataset\'s size, replayed (n_max 500) in chunks of checkpoint columns through one `IrtEngine` in a child process of its own, so its peak RSS is its own and includes Node itself. Peak RSS is VmHWM from /proc/self/status where Linux has it; `process.resourceUsage().maxRSS` is shown beside it and runs first, while this process is still small, because Linux carries the parent\'s peak into a spawned child\'s maxRSS across exec.',
    '',
    memoryTable(memory),
    '',
    '## Other benchmarks in bench/',
    '',
    othersSection('Fitting', 'benchFit', 'fit', fits),
    '',
    othersSection('Replication grid', 'benchReplicate', 'replicate', replications),
    '',
    '## Checks',
    '',
    `- WASM item sequences identical to the plain-TS oracle in ${checks.oracleRuns} runs, to the numpy reference in ${checks.numpyRuns} runs, to the fixtures' expected trajectories (expected_map_start0.jsonl) in ${checks.fixtureRuns} runs; \`replayColumns\` identical to \`fluidBenchmarkingMany\` in ${checks.batchRuns} runs; largest ability difference ${checks.worstAbility.toExponential(2)}.`,
    `- jsCAT's first item equals ours in ${checks.jsCatFirstItems} runs (both select at θ = 0).`,
    `- Full-bank estimates equal the oracle's Newton solution in ${checks.estimates} vectors (largest difference ${checks.worstEstimate.toExponential(2)}).`,
    `- Checksum over ${checksum.runs} results: ${checksum.value.toPrecision(15)}.`,
    '',
    '## Notes',
    '',
    `- jsCAT: values marked ≈ are modelled, because a whole run on a big bank takes minutes. A step's cost changes along a run: selection (jsCAT computes every remaining item's information and sorts the whole bank) shrinks a little with the bank; the ability update (it re-sums the likelihood of all k items given: on an 81-point grid for EAP, inside Powell's method for MLE) grows with k. So windows of real jsCAT steps are timed at the start, ¼, ½, ¾ and the end of the run, each from the state a run is in there (a Cat primed with the items given so far and the bank without them), and the per-step cost is interpolated between them and summed. Runs the model puts under ${formatNumber(plan.jsCatFullRunMs / 1000)} s${plan.jsCatFullRunBanks.length ? `, and the runs on ${plan.jsCatFullRunBanks.join(', ')},` : ''} are run for real instead (no ≈)${checks.jsCatModel.length ? `; on those ${checks.jsCatModel.length} runs the model predicted ${formatNumber(Math.min(...modelRatios()))}–${formatNumber(Math.max(...modelRatios()))} × the measured time (${jsCatModelSummary()})` : ''}. \`findNextItem\` is called without its default deep copy of the bank (its fastest setting).`,
    '- The plain-TS oracle is written for clarity, not speed; it is the baseline of "what straightforward TypeScript costs".',
    ...notes.map((note) => `- ${note}`),
    '',
  ];
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------ main

const startedAt = performance.now();
const started = new Date();
const startLoad = machineFacts().load;
initSync();
const numpyScript = numpyScriptPath(repoRoot);
const versions = { numpy: flags['no-numpy'] ? undefined : numpyVersion(), jsCat: flags['no-jscat'] ? undefined : jsCatVersion() };
if (versions.jsCat === undefined && !flags['no-jscat']) {
  notes.push('jsCAT is not installed (`pnpm install` at the root installs @bdelab/jscat); its columns are empty.');
  flags['no-jscat'] = true;
}
const numpyReady = versions.numpy !== undefined && existsSync(numpyScript);
if (!numpyReady) notes.push(`numpy reference not run: ${versions.numpy === undefined ? 'python3 with numpy not found' : `${numpyScript} not found`}.`);

const scratch = mkdtempSync(join(tmpdir(), 'fluidbench-bench-'));
try {
  // First, while this process is small: a spawned child's maxRSS starts from the parent's peak.
  const memory = boundedMemory();
  const realCells = realBanks(numpyReady, scratch);
  const sweepCells = sweep(numpyReady, scratch);
  const estimates = fullBankEstimates();
  const fits = await otherBenchmarks('fit', 'benchFit');
  const replications = await otherBenchmarks('replicate', 'benchReplicate');
  const report = composeReport({ machine: machineFacts(), versions, sweepCells, realCells, estimates, memory, fits, replications, started });
  process.stdout.write(report);
  const out = flags.out ?? (quick ? undefined : join(benchDir, 'RESULTS.md'));
  if (out) {
    writeAtomically(out, report + keptSection(out));
    log(`wrote ${out}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** The hand-measured whole-command section of an earlier report: kept, since this run does not redo it. */
function keptSection(path) {
  if (!existsSync(path)) return '';
  const previous = readFileSync(path, 'utf8');
  const at = previous.indexOf(WHOLE_COMMANDS_HEADING);
  return at < 0 ? '' : `\n${previous.slice(at)}`;
}
