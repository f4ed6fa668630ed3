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

const UPDATES_PER_MARK = 3;
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

/** Median time of `work()` over at least one call and until `budgetMs` or `maxCalls` is reached. */
function sampleMs(work, budgetMs, maxCalls = 3) {
  const times = [];
  let spent = 0;
  let result;
  while (times.length < maxCalls && (times.length === 0 || spent < budgetMs)) {
    const started = performance.now();
    result = work();
    const elapsed = performance.now() - started;
    times.push(elapsed);
    spent += elapsed;
  }
  times.sort((x, y) => x - y);
  return { ms: times[times.length >> 1], result };
}

/** Trapezoid integral of sampled per-step costs over steps 1..steps. */
function integrate(samples) {
  let total = samples[0].ms;
  for (let j = 1; j < samples.length; j++) {
    const width = samples[j].k - samples[j - 1].k;
    total += (width * (samples[j].ms + samples[j - 1].ms)) / 2;
  }
  return total;
}

/**
 * jsCAT's time for a whole run of `steps` items, from a cost model fitted to timed pieces, because a real run
 * on a big bank takes minutes: a step costs one selection (jsCAT sorts the remaining bank: depends on its size)
 * plus one ability update (re-sums the likelihood of all k items given: grows with k, independent of the bank).
 * Selection is timed on the full bank and on the bank less `steps − 1` items; the update at k = 1, ¼, ½, ¾ and all
 * of `steps`, feeding the items of `itemSequence` (our run's items, so the estimates follow a realistic path);
 * both are integrated with the trapezoid rule. Also returns jsCAT's first item (its selection at θ = 0).
 *
 * @example
 * ```js
 * modelJsCatRun(bank, column, wasmItems, { estimator: 'EAP', steps: 500, budgetMs: 500 }).runMs; // ≈ ms per run
 * ```
 */
export function modelJsCatRun(bank, column, itemSequence, { estimator, steps, budgetMs }) {
  warmUpJsCat();
  const firstPick = sampleMs(() => newCat(estimator).findNextItem(stimuliOf(bank), 'MFI', false), budgetMs);
  const firstItem = firstPick.result.nextStimulus.id;
  const selectFirst = firstPick.ms;
  const shrunk = stimuliOf(bank, new Set(Array.from(itemSequence).slice(0, steps - 1)));
  const selectLast = steps > 1 ? sampleMs(() => newCat(estimator).findNextItem(shrunk, 'MFI', false), budgetMs).ms : selectFirst;
  const selectTotal = steps > 1 ? (steps * (selectFirst + selectLast)) / 2 : selectFirst;

  const zetas = Array.from(itemSequence, (i) => ({ a: bank.a[i], b: bank.b[i], c: 0, d: 1 }));
  const answers = Array.from(itemSequence, (i) => column[i]);
  const marks = [...new Set([1, Math.round(steps / 4), Math.round(steps / 2), Math.round((3 * steps) / 4), steps])].filter((k) => k >= 1);
  // Each mark is the median of the updates at k − 2, k − 1 and k (one Cat, primed with the items before).
  const updates = marks.map((k) => {
    const cat = newCat(estimator);
    const first = Math.max(1, k - UPDATES_PER_MARK + 1);
    if (first > 1) cat.updateAbilityEstimate(zetas.slice(0, first - 1), answers.slice(0, first - 1));
    const times = [];
    for (let j = first; j <= k; j++) {
      const started = performance.now();
      cat.updateAbilityEstimate(zetas[j - 1], answers[j - 1]);
      times.push(performance.now() - started);
    }
    times.sort((x, y) => x - y);
    return { k, ms: times[times.length >> 1] };
  });
  const updateTotal = integrate(updates);
  return {
    runMs: selectTotal + updateTotal,
    selectFirstMs: selectFirst,
    updateLastMs: updates[updates.length - 1].ms,
    firstItem,
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
