// The engines we compare against: jsCAT (@bdelab/jscat, in process) and the numpy reference engine
// (ref_numpy.py, a child process that times each run itself, so Python start-up and CSV parsing are not counted).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** jsCAT's version, or undefined when it is not installed. */
export function jsCatVersion() {
  try {
    return require('@bdelab/jscat/package.json').version;
  } catch {
    return undefined;
  }
}

const WARM_UP_ITEMS = 300;
const WARM_UP_STEPS = 40;
let warmedUp = false;

/** One short jsCAT run per estimator, so the timed calls run optimized code as ours do. */
function warmUpJsCat() {
  if (warmedUp) return;
  warmedUp = true;
  const a = Array.from({ length: WARM_UP_ITEMS }, (_, i) => 0.5 + (i % 7) / 4);
  const b = Array.from({ length: WARM_UP_ITEMS }, (_, i) => ((i * 37) % 61) / 10 - 3);
  const column = b.map((difficulty) => (difficulty < 0 ? 1 : 0));
  for (const estimator of ['MLE', 'EAP']) runJsCat({ a, b }, column, { estimator, nMax: WARM_UP_STEPS });
}

function newCat(estimator) {
  const { Cat } = require('@bdelab/jscat');
  return new Cat({ method: estimator, itemSelect: 'MFI', theta: 0, minTheta: -4, maxTheta: 4, priorDist: 'norm', priorPar: [0, 1] });
}

function stimuliOf(bank, skip = new Set()) {
  const stimuli = [];
  for (let i = 0; i < bank.a.length; i++) if (!skip.has(i)) stimuli.push({ id: i, a: bank.a[i], b: bank.b[i], c: 0, d: 1 });
  return stimuli;
}

/**
 * Replays one whole run with jsCAT's `Cat` (MFI selection; `estimator` 'MLE', or 'EAP' with an N(0, 1) prior;
 * θ in [−4, 4]; start 0) and returns the items given and the wall time. `findNextItem` is called without its
 * default deep copy of the bank, its fastest setting.
 *
 * @example
 * ```js
 * runJsCat({ a: [1, 2], b: [0, 0] }, [1, 0], { estimator: 'EAP', nMax: 1 }).items; // returns [1]
 * ```
 */
export function runJsCat(bank, column, { estimator, nMax }) {
  const cat = newCat(estimator);
  let remaining = stimuliOf(bank);
  const steps = Math.min(nMax, bank.a.length);
  const items = [];
  const started = performance.now();
  while (items.length < steps) {
    const { nextStimulus, remainingStimuli } = cat.findNextItem(remaining, 'MFI', false);
    cat.updateAbilityEstimate(nextStimulus, column[nextStimulus.id]);
    remaining = remainingStimuli;
    items.push(nextStimulus.id);
  }
  return { items, ms: performance.now() - started, theta: cat.theta };
}

/** Step cost at every step 1..steps, linear between the sampled steps and flat beyond the first and last. */
function integrate(samples, steps) {
  let total = 0;
  let j = 0;
  for (let k = 1; k <= steps; k++) {
    while (j + 1 < samples.length && samples[j + 1].k <= k) j++;
    const left = samples[j];
    const right = samples[Math.min(j + 1, samples.length - 1)];
    if (k <= left.k || right.k === left.k) total += left.ms;
    else total += left.ms + ((right.ms - left.ms) * (k - left.k)) / (right.k - left.k);
  }
  return total;
}

/**
 * Times a window of real jsCAT steps starting at step `k`: a Cat primed with the first k − 2 items of
 * `itemSequence` and the bank without them, one untimed step (so the bank is in jsCAT's own form: its objects,
 * sorted by difficulty, as after any real step), then steps until `budgetMs` is spent (1 to `maxSteps` steps).
 */
function timeWindow(bank, column, itemSequence, estimator, k, budgetMs, maxSteps) {
  const cat = newCat(estimator);
  const before = Array.from(itemSequence).slice(0, Math.max(0, k - 2));
  if (before.length > 0) {
    cat.updateAbilityEstimate(before.map((i) => ({ a: bank.a[i], b: bank.b[i], c: 0, d: 1 })), before.map((i) => column[i]));
  }
  let remaining = stimuliOf(bank, new Set(before));
  const step = () => {
    const selectStarted = performance.now();
    const { nextStimulus, remainingStimuli } = cat.findNextItem(remaining, 'MFI', false);
    const updateStarted = performance.now();
    cat.updateAbilityEstimate(nextStimulus, column[nextStimulus.id]);
    remaining = remainingStimuli;
    return { item: nextStimulus.id, selectMs: updateStarted - selectStarted, updateMs: performance.now() - updateStarted };
  };
  let firstItem;
  if (k >= 2) step();
  const times = [];
  let spent = 0;
  while (times.length < maxSteps && (times.length === 0 || spent < budgetMs)) {
    const timed = step();
    if (firstItem === undefined) firstItem = timed.item;
    times.push(timed);
    spent += timed.selectMs + timed.updateMs;
  }
  const mean = (pick) => times.reduce((sum, t) => sum + pick(t), 0) / times.length;
  const selectMs = mean((t) => t.selectMs);
  const updateMs = mean((t) => t.updateMs);
  return { k: k + (times.length - 1) / 2, ms: selectMs + updateMs, selectMs, updateMs, firstItem };
}

const WINDOW_MAX_STEPS = 5;

/**
 * jsCAT's time for a whole run of `steps` items, from real steps timed at five points of the run, because a
 * whole run on a big bank takes minutes. A step's cost changes along the run: selection (jsCAT computes every
 * remaining item's information and sorts the bank) shrinks a little with the bank, the ability update (it
 * re-sums the likelihood of all k items given) grows with k. Windows of real steps start at step 1, ¼, ½ and ¾
 * of `steps` and at the end, each from the state a run would be in there (Cat primed with our run's first
 * items, `itemSequence`, and the bank without them); the per-step cost is interpolated between them and summed.
 * Each window is timed twice and the cheaper kept. Also returns jsCAT's first item (its selection at θ = 0).
 *
 * @example
 * ```js
 * modelJsCatRun(bank, column, wasmItems, { estimator: 'EAP', steps: 500, budgetMs: 500 }).runMs; // ≈ ms per run
 * ```
 */
export function modelJsCatRun(bank, column, itemSequence, { estimator, steps, budgetMs }) {
  warmUpJsCat();
  const starts = [...new Set([1, Math.round(steps / 4), Math.round(steps / 2), Math.round((3 * steps) / 4), steps - WINDOW_MAX_STEPS + 1])]
    .filter((k) => k >= 1 && k <= steps).sort((x, y) => x - y);
  const perWindowMs = budgetMs / starts.length;
  const timeAll = () => starts.map((k) => timeWindow(bank, column, itemSequence, estimator, k, perWindowMs, Math.min(WINDOW_MAX_STEPS, steps - k + 1)));
  // Two passes, the cheaper of each pair kept: a burst of other work on the machine inflates one window, not
  // both, while the garbage collection every real step pays is in both.
  const first = timeAll();
  const second = timeAll();
  const windows = first.map((window, j) => (second[j].ms < window.ms ? { ...second[j], firstItem: window.firstItem } : window));
  const last = windows[windows.length - 1];
  return {
    runMs: integrate(windows, steps),
    firstStepMs: windows[0].ms,
    lastSelectMs: last.selectMs,
    lastUpdateMs: last.updateMs,
    firstItem: windows[0].firstItem,
  };
}

/**
 * numpy's version when `python3` with numpy is available, else undefined.
 */
export function numpyVersion() {
  const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/**
 * Runs ref_numpy.py on `<dataDir>/<bank>_*.csv` for the given 0-based checkpoint columns and returns its
 * trajectories, each with the run time the script measured around the run alone.
 *
 * @example
 * ```js
 * runNumpy({ script, dataDir, bank: 'mmlu', checkpoints: [0], nMax: 500, outFile })[0].items.length; // returns 500
 * ```
 */
export function runNumpy({ script, dataDir, bank, checkpoints, nMax, outFile }) {
  if (!existsSync(script)) throw new Error(`numpy reference: ${script} not found`);
  const args = [script, '--data', dataDir, '--out', outFile, '--banks', bank, '--checkpoints', checkpoints.join(','), '--n-max', String(nMax), '--method', 'map', '--start', '0'];
  const run = spawnSync('python3', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`numpy reference failed on ${bank} (exit ${run.status}): ${run.stderr.trim().split('\n').pop()}`);
  return readFileSync(outFile, 'utf8').trim().split('\n').map((line) => {
    const row = JSON.parse(line);
    return { checkpoint: row.checkpoint, items: row.items, abilities: row.abilities, ms: row.seconds * 1000 };
  });
}

/** The reference script's path relative to a repository root (shared/ sits beside the repo). */
export function numpyScriptPath(repoRoot) {
  return join(repoRoot, '..', 'shared', 'reference', 'ref_numpy.py');
}
