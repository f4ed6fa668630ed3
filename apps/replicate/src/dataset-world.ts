// Worlds read from files in the layout of the paper's dataset: a local folder (`--data DIR`) or the
// Hugging Face dataset through @fluidbench/data's cache (`--data hf`). Only IRT models, the leaderboard and
// the results files' header lines are read here; workers read the response columns themselves.
import { existsSync, openSync, readSync, closeSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '@fluidbench/core';
import {
  BENCHMARKS, DataFormatError, ITEM_MAP_PATH, LEADERBOARD_RESULTS_PATH, LMS, ensureDatasetFile, irtModelPath, lmEvalResultsPath, parseLeaderboardResults, readIrtCsv,
  type Benchmark, type HubOptions, type Lm,
} from '@fluidbench/data/node';
import type { BenchmarkWorld, Leaderboard, LmWorld, World } from './world';

/** Item counts of the paper's dataset, to recognise it when read from a folder. */
export const PAPER_ITEM_COUNTS: Readonly<Record<string, number>> = {
  arc_challenge: 1172, gsm8k: 1319, hellaswag: 10042, mmlu: 14042, truthfulqa_mc2: 817, winogrande: 1267,
};

/** Where each file of a world is on disk. */
interface WorldFiles {
  irt: Map<string, string>;
  responses: Map<string, string>;
  leaderboard: string;
}

/** Names and labels as the user and the dataset spell them. */
interface WorldLabels {
  description: string;
  identity: Record<string, unknown>;
  /** How to name a file in messages (a path inside the dataset reads better than a cache path). */
  displayName: (path: string) => string;
}

/**
 * The fields of one CSV line (RFC 4180 quoting), for reading a results file's header without parsing the
 * whole file.
 *
 * @example
 * ```ts
 * splitCsvLine(',step1,"step 2, final"'); // returns ['', 'step1', 'step 2, final']
 * ```
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** The first line of a file, read in chunks until the first newline. */
function readFirstLine(path: string): string {
  const handle = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 16);
    const parts: Buffer[] = [];
    for (;;) {
      const count = readSync(handle, chunk, 0, chunk.length, null);
      if (count === 0) break;
      const newline = chunk.subarray(0, count).indexOf(10);
      if (newline >= 0) {
        parts.push(Buffer.from(chunk.subarray(0, newline)));
        break;
      }
      parts.push(Buffer.from(chunk.subarray(0, count)));
    }
    return Buffer.concat(parts).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
  } finally {
    closeSync(handle);
  }
}

/** Checkpoint names of a results file: every header field after the id column. */
function readCheckpoints(path: string, displayName: string): string[] {
  const header = splitCsvLine(readFirstLine(path));
  const checkpoints = header.slice(1).map((name) => name.trim());
  if (checkpoints.length === 0) throw new DataFormatError(displayName, 1, undefined, header.join(','), 'the header names no checkpoint column');
  return checkpoints;
}

function leaderboardOf(results: ReturnType<typeof parseLeaderboardResults>, benchmark: string, file: string): Leaderboard {
  const entry = results[benchmark];
  if (!entry) throw new DataFormatError(file, undefined, benchmark, undefined, 'no leaderboard results for this benchmark');
  const names = Object.keys(entry.ability);
  if (names.length < 2) throw new DataFormatError(file, undefined, `${benchmark}.ability`, names.length, 'need at least two leaderboard LMs');
  const accuracy = names.map((name) => {
    const value = entry.accuracy[name];
    if (value === undefined) throw new DataFormatError(file, undefined, `${benchmark}.accuracy.${name}`, undefined, 'an LM with an ability has no accuracy');
    return value;
  });
  // Checkpoint accuracies are fractions; leaderboard accuracies given in percent are brought to that scale.
  const percent = accuracy.some((x) => x > 1) && accuracy.every((x) => x >= 0 && x <= 100);
  accuracy.forEach((x, k) => {
    if (!(percent || (x >= 0 && x <= 1))) throw new DataFormatError(file, undefined, `${benchmark}.accuracy.${names[k]}`, x, 'an accuracy must lie in [0, 1] (or all in [0, 100] as percentages)');
  });
  return {
    names,
    accuracy: Float64Array.from(accuracy, (x) => (percent ? x / 100 : x)),
    ability: Float64Array.from(names.map((name) => entry.ability[name])),
  };
}

/**
 * `completeCopy`: the files come from the paper's dataset as a whole (the hub, or a folder that also holds
 * its item map), so the paper's numbers apply when every benchmark and LM is there at its real size.
 */
async function filesWorld(files: WorldFiles, labels: WorldLabels, completeCopy: boolean): Promise<World> {
  const leaderboardFile = labels.displayName(files.leaderboard);
  const results = parseLeaderboardResults(await readFile(files.leaderboard, 'utf8'), leaderboardFile);
  const benchmarks: BenchmarkWorld[] = [];
  for (const [name, path] of files.irt) {
    const irt = await readIrtCsv(path);
    if (irt.c?.some((c) => c !== 0) || irt.d?.some((d) => d !== 1)) {
      throw new DataFormatError(labels.displayName(path), undefined, 'c/d', undefined, 'the paper\'s grid uses 2PL models (c = 0, d = 1)');
    }
    benchmarks.push({ name, ids: irt.ids, a: irt.a, b: irt.b, leaderboard: leaderboardOf(results, name, leaderboardFile) });
  }
  const lms: LmWorld[] = [...files.responses].map(([name, path]) => ({ name, checkpoints: readCheckpoints(path, labels.displayName(path)) }));
  const isPaperDataset = completeCopy && benchmarks.length === BENCHMARKS.length && lms.length === LMS.length
    && benchmarks.every((b) => PAPER_ITEM_COUNTS[b.name] === b.ids.length) && lms.every((lm) => (LMS as readonly string[]).includes(lm.name));
  return {
    description: labels.description,
    identity: labels.identity,
    isPaperDataset,
    benchmarks,
    lms,
    recipe: (benchmark, lm) => ({
      kind: 'csv', path: files.responses.get(lm.name)!, benchmark: benchmark.name, irtFile: labels.displayName(files.irt.get(benchmark.name)!),
    }),
  };
}

/** Which benchmarks and LMs to use: the requested ones, else every one available. */
export interface Selection {
  benchmarks?: readonly string[];
  lms?: readonly string[];
}

function checkRequested(kind: 'benchmark' | 'lm', requested: readonly string[] | undefined, known: readonly string[]): void {
  for (const name of requested ?? []) {
    if (!known.includes(name)) throw new InvalidArgumentError(`--${kind}s`, name, `unknown ${kind}; expected one of ${known.join(', ')}`);
  }
}

/**
 * A world from a local folder in the dataset's layout: `data/irt_models/{benchmark}.csv`,
 * `data/lm_eval_results/{lm}.csv` (rows of all benchmarks, one column per checkpoint) and
 * `data/open_llm_leaderboard_results.json`. Without a selection, every benchmark and LM present.
 *
 * @throws {DataFormatError} for a missing or malformed file, naming it.
 * @example
 * ```ts
 * const world = await folderWorld('downloads/fluid-benchmarking', { lms: ['olmo2-7b'] });
 * world.lms[0].checkpoints.length; // returns the number of checkpoint columns in olmo2-7b.csv
 * ```
 */
export async function folderWorld(dir: string, selection: Selection = {}): Promise<World> {
  const root = resolve(dir);
  const inside = (path: string) => join(root, ...path.split('/'));
  const leaderboard = inside(LEADERBOARD_RESULTS_PATH);
  if (!existsSync(leaderboard)) throw new DataFormatError(leaderboard, undefined, undefined, undefined, 'missing: a dataset folder needs data/open_llm_leaderboard_results.json');
  checkRequested('benchmark', selection.benchmarks, BENCHMARKS);
  const benchmarks = (selection.benchmarks ?? BENCHMARKS.filter((b) => existsSync(inside(irtModelPath(b))))) as Benchmark[];
  if (benchmarks.length === 0) throw new DataFormatError(inside('data/irt_models'), undefined, undefined, undefined, `no IRT model found (expected files named ${BENCHMARKS.join(', ')} .csv)`);
  const resultsDir = inside('data/lm_eval_results');
  const present = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => f.endsWith('.csv')).map((f) => f.slice(0, -4)) : [];
  // The paper's LMs first, in its order; then any others, alphabetically.
  const available = [...LMS.filter((lm) => present.includes(lm)), ...present.filter((lm) => !(LMS as readonly string[]).includes(lm)).sort()];
  const lms = selection.lms ?? available;
  if (lms.length === 0) throw new DataFormatError(resultsDir, undefined, undefined, undefined, 'no results file found (expected data/lm_eval_results/{lm}.csv)');
  const files: WorldFiles = {
    irt: new Map(benchmarks.map((b) => [b, inside(irtModelPath(b))])),
    responses: new Map(lms.map((lm) => [lm, join(resultsDir, `${lm}.csv`)])),
    leaderboard,
  };
  for (const path of [...files.irt.values(), ...files.responses.values()]) {
    if (!existsSync(path)) throw new DataFormatError(path, undefined, undefined, undefined, 'missing file');
  }
  return filesWorld(files, { description: `folder ${dir}`, identity: { data: 'folder', path: root }, displayName: (path) => path }, existsSync(inside(ITEM_MAP_PATH)));
}

/**
 * The paper's dataset from the Hugging Face Hub through the local cache (downloaded on a miss unless
 * `HF_HUB_OFFLINE`); `HF_ENDPOINT`, `HF_HOME`, `HF_TOKEN` apply as in Python's huggingface_hub.
 *
 * @example
 * ```ts
 * const world = await hubWorld({ benchmarks: ['gsm8k'], lms: ['pythia-7b'] }, { revision: 'main' });
 * world.benchmarks[0].ids.length; // returns 1319
 * ```
 */
export async function hubWorld(selection: Selection = {}, hub: HubOptions = {}, log: (message: string) => void = () => {}): Promise<World> {
  checkRequested('benchmark', selection.benchmarks, BENCHMARKS);
  checkRequested('lm', selection.lms, LMS);
  const benchmarks = (selection.benchmarks ?? BENCHMARKS) as Benchmark[];
  const lms = (selection.lms ?? LMS) as Lm[];
  const display = new Map<string, string>();
  const fetch = async (path: string) => {
    let announced = false;
    const file = await ensureDatasetFile(path, {
      ...hub,
      onProgress: (progress) => {
        // Cache hits report nothing; a download says so once, with its size when the server gives it.
        if (announced) return;
        announced = true;
        log(`fluid-replicate: downloading ${progress.file}${progress.total ? ` (${(progress.total / 1e6).toFixed(1)} MB)` : ''}`);
      },
    });
    display.set(file.localPath, path);
    return file;
  };
  const leaderboard = await fetch(LEADERBOARD_RESULTS_PATH);
  const irt = new Map<string, string>();
  for (const b of benchmarks) irt.set(b, (await fetch(irtModelPath(b))).localPath);
  const responses = new Map<string, string>();
  for (const lm of lms) responses.set(lm, (await fetch(lmEvalResultsPath(lm))).localPath);
  return filesWorld({ irt, responses, leaderboard: leaderboard.localPath }, {
    description: `Hugging Face dataset allenai/fluid-benchmarking @ ${leaderboard.commit.slice(0, 12)}`,
    identity: { data: 'hf', commit: leaderboard.commit },
    displayName: (path) => display.get(path) ?? path,
  }, true);
}
