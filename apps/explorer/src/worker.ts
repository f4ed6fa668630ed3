// The page's worker: loads data and runs every computation, so the page never freezes. Requests are
// answered in order; a view request that a newer one has overtaken is dropped at its next await.
import { FluidError, fullAccuracy, init } from '@fluidbench/core';
import {
  FluidDataError,
  ITEM_MAP_PATH,
  LEADERBOARD_RESULTS_PATH,
  benchmarkOfItemId,
  checkAlignment,
  parseIrtCsv,
  parseItemMap,
  parseLeaderboardResults,
  parseResponsesCsv,
  selectRows,
  type IrtTable,
  type LeaderboardResults,
  type ResponseTable,
} from '@fluidbench/data';
import { clampBudget, curvesAt, prepareUnit, stepThrough, type Prepared, type Unit } from './analysis';
import { readDroppedFiles } from './dropped-files';
import { cachedBytes, datasetText, derivedKey, irtPathOf, openCatalog, resultsPathOf, storeBytes } from './hub-source';
import { packTable, unpackTable } from './packed-table';
import { itemTextOf } from './item-text';
import type { Catalog, HubLocation, Source, ViewRequest, WorkerRequest, WorkerResponse } from './protocol';

/** Results files kept parsed (each holds every benchmark of one LM). */
const KEPT_RESULTS = 2;
const MEGABYTE = 1024 * 1024;

const scope = self as unknown as { postMessage(message: WorkerResponse): void; onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null };
const post = (message: WorkerResponse) => scope.postMessage(message);

let ready: Promise<void> | undefined;
let hub: HubLocation | undefined;
let catalog: Catalog | undefined;
const irtModels = new Map<string, Promise<IrtTable>>();
const results = new Map<string, Promise<ResponseTable>>();
let leaderboard: Promise<LeaderboardResults | null> | undefined;
let itemMap: Record<string, unknown> | undefined;
let current: (Loaded & { key: string; prepared: Prepared }) | undefined;
let latestView = 0;
/** Milliseconds the last results file took to parse, reported once with the view that needed it. */
let lastParse: number | undefined;
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'view') latestView = request.id;
  // One request at a time, in order: later views reuse what earlier ones loaded.
  queue = queue.then(() => handle(request));
};

async function handle(request: WorkerRequest): Promise<void> {
  try {
    ready ??= init();
    await ready;
    if (request.type === 'open') {
      catalog = await openCatalog(request.hub);
      hub = catalog.location;
      irtModels.clear();
      results.clear();
      leaderboard = undefined;
      current = undefined;
      post({ id: request.id, type: 'catalog', catalog });
    } else if (request.type === 'item-map') {
      const { hub: location, catalog: listing } = requireHub();
      const text = await datasetText(ITEM_MAP_PATH, location, listing, progressOf(request.id));
      itemMap = parseItemMap(text);
      if (current) current.unit.itemText = itemTextOf(itemMap);
      post({ id: request.id, type: 'item-map', items: Object.keys(itemMap).length });
    } else {
      await view(request);
    }
  } catch (error) {
    const expected = FluidDataError.isInstance(error) || FluidError.isInstance(error);
    post({ id: request.id, type: 'error', message: expected ? (error as Error).message : String((error as Error)?.stack ?? error), expected });
  }
}

async function view(request: ViewRequest): Promise<void> {
  const stale = () => request.id !== latestView;
  if (current && current.key === request.sourceKey && request.reference && current.reference !== request.reference && current.referenceSource) {
    // Another rank-distance reference: the same curves, only the reference accuracies change.
    current.reference = setReference(current.unit, current.referenceSource, request.reference);
  }
  const timings: Record<string, number> = {};
  let clock = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = now - clock;
    clock = now;
  };
  if (current?.key !== request.sourceKey) {
    if (!request.source) throw new Error(`the worker has no data for ${request.sourceKey}`);
    const loaded = await loadUnit(request.source, request.reference, request.id, stale);
    if (!loaded) return;
    lap('load');
    if (lastParse !== undefined) timings['load: parse the results CSV'] = lastParse;
    lastParse = undefined;
    progress(request.id, `${loaded.unit.label}: full-bank abilities and Fluid Benchmarking of ${loaded.unit.checkpoints.length} checkpoints`, null);
    // Fluid runs only as long as this view needs: a first view draws sooner; a larger budget grows them once.
    current = { key: request.sourceKey, ...loaded, prepared: prepareUnit(loaded.unit, request.budget) };
    lap('prepare');
  }
  if (stale()) return;
  const { unit, prepared, notes, references } = current;
  const budget = clampBudget(request.budget, prepared.maxBudget);
  if (budget > prepared.fluidBudget) progress(request.id, `${unit.label}: Fluid Benchmarking up to ${prepared.maxBudget} items`, null);
  const named = unit.checkpoints.indexOf(request.checkpoint);
  const checkpoint = named >= 0 ? named : unit.checkpoints.length - 1;
  const curves = curvesAt(unit, prepared, budget);
  lap('curves');
  const steps = stepThrough(unit, prepared, { checkpoint, method: request.method, budget, step: request.step });
  lap('steps');
  post({
    id: request.id,
    type: 'view',
    view: {
      label: unit.label,
      nItems: unit.irt.ids.length,
      maxBudget: prepared.maxBudget,
      budget,
      start: unit.start,
      checkpoints: unit.checkpoints,
      ...curves,
      steps,
      timings,
      references,
      reference: unit.reference?.benchmark ?? '',
      notes,
    },
  });
}

type Loaded = {
  unit: Unit;
  notes: string[];
  references: string[];
  reference: string;
  /** What another rank-distance reference is read from (dataset sources only). */
  referenceSource?: ReferenceSource;
};
type ReferenceSource = { table: ResponseTable; board: LeaderboardResults; references: string[] };

async function loadUnit(source: Source, reference: string, id: number, stale: () => boolean): Promise<Loaded | undefined> {
  if (source.kind === 'files') {
    progress(id, `reading ${source.files.length} file${source.files.length === 1 ? '' : 's'}`, null);
    const texts = await Promise.all(source.files.map(async (file) => ({ name: file.name, text: await file.text() })));
    const data = readDroppedFiles(texts);
    const unit: Unit = { label: data.label, irt: data.irt, checkpoints: data.checkpoints, columns: data.columns, start: 0, itemText: itemMap && itemTextOf(itemMap) };
    return { unit, notes: data.notes, references: [], reference };
  }
  const { hub: location, catalog: listing } = requireHub();
  const irtPromise = irtModelOf(source.benchmark, id);
  const table = await resultsOf(source.lm, id);
  const irt = await irtPromise;
  if (stale()) return undefined;
  progress(id, `${source.benchmark} × ${source.lm}: selecting ${irt.ids.length.toLocaleString('en')} items`, null);
  const rows = rowsOf(table, source.benchmark);
  checkAlignment(irt.ids, rows.ids, { irtFile: irtPathOf(source.benchmark), responsesFile: `${resultsPathOf(source.lm)} (${source.benchmark} rows)` });
  const board = listing.hasLeaderboard ? await leaderboardOf(location, listing, id) : null;
  const notes: string[] = [];
  const entry = board?.[source.benchmark];
  let start = 0;
  if (entry) {
    const abilities = Object.values(entry.ability);
    if (abilities.length) start = abilities.reduce((sum, x) => sum + x, 0) / abilities.length;
  } else {
    notes.push('no leaderboard results for this benchmark: Fluid Benchmarking starts at θ = 0 and rank distance is not shown');
  }
  // Rank distance compares against another benchmark's full accuracy of the same checkpoints.
  const references = entry
    ? listing.benchmarks.filter((name) => name !== source.benchmark && board?.[name] && table.ids.some((rowId) => benchmarkOfItemId(rowId) === name))
    : [];
  const unit: Unit = {
    label: `${source.benchmark} × ${source.lm}`,
    irt,
    checkpoints: rows.checkpoints,
    columns: rows.columns,
    start,
    itemText: itemMap && itemTextOf(itemMap),
  };
  if (!entry || !board) return { unit, notes, references, reference: '' };
  unit.leaderboard = { accuracy: Object.values(entry.accuracy), ability: Object.values(entry.ability) };
  const referenceSource = { table, board, references };
  return { unit, notes, references, reference: setReference(unit, referenceSource, reference), referenceSource };
}

/** Sets the unit's rank-distance reference (the wanted one, else the first available); returns its name. */
function setReference(unit: Unit, source: ReferenceSource, wanted: string): string {
  const chosen = source.references.includes(wanted) ? wanted : (source.references[0] ?? '');
  unit.reference = chosen
    ? {
        benchmark: chosen,
        accuracy: rowsOf(source.table, chosen).columns.map((column) => fullAccuracy(column)),
        leaderboardAccuracy: Object.values(source.board[chosen].accuracy),
      }
    : undefined;
  return chosen;
}

/** The rows of one benchmark of a results file (every `mmlu_<subject>_<k>` belongs to mmlu). */
function rowsOf(table: ResponseTable, benchmark: string): ResponseTable {
  const rows: number[] = [];
  table.ids.forEach((rowId, i) => {
    if (benchmarkOfItemId(rowId) === benchmark) rows.push(i);
  });
  return selectRows(table, rows);
}

function requireHub(): { hub: HubLocation; catalog: Catalog } {
  if (!hub || !catalog) throw new Error('the dataset has not been opened');
  return { hub, catalog };
}

function irtModelOf(benchmark: string, id: number): Promise<IrtTable> {
  let model = irtModels.get(benchmark);
  if (!model) {
    const { hub: location, catalog: listing } = requireHub();
    const path = irtPathOf(benchmark);
    model = datasetText(path, location, listing, progressOf(id)).then((text) => parseIrtCsv(text, { file: path }));
    model.catch(() => irtModels.delete(benchmark));
    irtModels.set(benchmark, model);
  }
  return model;
}

function resultsOf(lm: string, id: number): Promise<ResponseTable> {
  let table = results.get(lm);
  if (!table) {
    table = loadResults(lm, id);
    table.catch(() => results.delete(lm));
    results.set(lm, table);
    if (results.size > KEPT_RESULTS) results.delete(results.keys().next().value!);
  }
  return table;
}

/** An LM's results: the parsed form kept from an earlier visit, else the CSV parsed (and its parsed form kept). */
async function loadResults(lm: string, id: number): Promise<ResponseTable> {
  const { hub: location, catalog: listing } = requireHub();
  const path = resultsPathOf(lm);
  const key = derivedKey(path, location, listing);
  const packed = key && (await cachedBytes(key));
  if (packed) return unpackTable(packed);
  const text = await datasetText(path, location, listing, progressOf(id));
  progress(id, `parsing ${path} (${(text.length / MEGABYTE).toFixed(1)} MB)`, null);
  const started = performance.now();
  const parsed = parseResponsesCsv(text, { file: path });
  lastParse = performance.now() - started;
  const bytes = key ? packTable(parsed) : undefined;
  if (key && bytes) await storeBytes(key, bytes);
  return parsed;
}

function leaderboardOf(location: HubLocation, listing: Catalog, id: number): Promise<LeaderboardResults | null> {
  // Optional: the curves still draw without it (start 0, no rank distance).
  leaderboard ??= datasetText(LEADERBOARD_RESULTS_PATH, location, listing, progressOf(id))
    .then((text) => parseLeaderboardResults(text))
    .catch(() => null);
  return leaderboard;
}

function progress(id: number, message: string, fraction: number | null): void {
  post({ id, type: 'progress', message, fraction });
}

function progressOf(id: number) {
  return (path: string, loaded: number, total: number | undefined) =>
    progress(
      id,
      `downloading ${path}: ${(loaded / MEGABYTE).toFixed(1)}${total ? ` of ${(total / MEGABYTE).toFixed(1)}` : ''} MB`,
      total ? loaded / total : null,
    );
}
