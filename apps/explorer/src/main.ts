// The page: controls and URL state on the main thread, every computation in the worker.
import './style.css';
import { legend, lineChart, type Series } from './chart';
import { dataPanel, type DataPanelSpec } from './data-table';
import { METHODS, METHOD_LABELS, type Catalog, type Source, type ViewResult, type WorkerRequest, type WorkerResponse } from './protocol';
import { parseViewState, viewStateSearch, type ViewState } from './view-state';

/** The budget keys (- and +) move by this many items. */
const BUDGET_KEY_STEP = 10;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const controls = {
  benchmark: $<HTMLSelectElement>('benchmark'),
  lm: $<HTMLSelectElement>('lm'),
  reference: $<HTMLSelectElement>('reference'),
  itemMap: $<HTMLButtonElement>('item-map'),
  files: $<HTMLInputElement>('files'),
  dropZone: $<HTMLDivElement>('drop-zone'),
  backToDataset: $<HTMLButtonElement>('back-to-dataset'),
  budget: $<HTMLInputElement>('budget'),
  budgetValue: $<HTMLOutputElement>('budget-value'),
  checkpoint: $<HTMLSelectElement>('checkpoint'),
  method: $<HTMLSelectElement>('method'),
  step: $<HTMLInputElement>('step'),
  stepValue: $<HTMLOutputElement>('step-value'),
};
const outputs = {
  progress: $<HTMLProgressElement>('progress'),
  status: $<HTMLSpanElement>('status-text'),
  error: $<HTMLParagraphElement>('error'),
  datasetNote: $<HTMLParagraphElement>('dataset-note'),
  summary: $<HTMLParagraphElement>('summary'),
  accuracy: $<HTMLElement>('accuracy-figure'),
  ability: $<HTMLElement>('ability-figure'),
  metrics: $<HTMLDivElement>('metrics'),
  notes: $<HTMLUListElement>('notes'),
  itemCard: $<HTMLDivElement>('item-card'),
  theta: $<HTMLElement>('theta-figure'),
  information: $<HTMLElement>('information-figure'),
};

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let state: ViewState = parseViewState(location.search);
let catalog: Catalog | undefined;
let dropped: { key: string; files: File[] } | undefined;
let droppedCount = 0;
let nextId = 1;
let openId = 0;
let itemMapId = 0;
// At most one view request in flight; changes meanwhile mark the view dirty and are sent when it returns.
let viewInFlight = 0;
let viewDirty = false;
/** The dropped files the view on screen comes from (undefined: the dataset). */
let shownDropped: typeof dropped;
/** Set when the user picks an LM: the time until its curves are drawn is measured (bench/explorer.bench.mjs). */
let lmChosen: string | undefined;

/** Distributes Omit over the union, so each request keeps its own fields. */
type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;

function send(message: Unsent<WorkerRequest>): number {
  const id = nextId++;
  worker.postMessage({ ...message, id } as WorkerRequest);
  return id;
}

function setBusy(busy: boolean): void {
  document.documentElement.dataset.busy = String(busy);
  outputs.progress.hidden = !busy;
}

function showError(message: string): void {
  outputs.error.textContent = message;
  outputs.error.hidden = message === '';
}

function saveState(): void {
  const search = viewStateSearch(state);
  if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
}

function requestView(): void {
  saveState();
  if (viewInFlight) {
    viewDirty = true;
    return;
  }
  const source: Source | undefined = dropped
    ? { kind: 'files', files: dropped.files }
    : catalog && state.benchmark && state.lm
      ? { kind: 'hub', benchmark: state.benchmark, lm: state.lm }
      : undefined;
  if (!source) return;
  setBusy(true);
  viewInFlight = send({
    type: 'view',
    sourceKey: dropped ? dropped.key : `hub:${state.benchmark}:${state.lm}`,
    source,
    budget: state.budget,
    reference: dropped ? '' : state.ref,
    checkpoint: state.checkpoint,
    method: state.method,
    step: state.step === 0 ? Number.MAX_SAFE_INTEGER : state.step,
  });
}

function viewSettled(): void {
  viewInFlight = 0;
  if (viewDirty) {
    viewDirty = false;
    requestView();
  } else {
    setBusy(false);
  }
}

worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
  const message = event.data;
  switch (message.type) {
    case 'progress':
      outputs.status.textContent = message.message;
      if (message.fraction === null) outputs.progress.removeAttribute('value');
      else outputs.progress.value = message.fraction;
      return;
    case 'catalog':
      if (message.id === openId) showCatalog(message.catalog);
      return;
    case 'item-map':
      controls.itemMap.disabled = true;
      controls.itemMap.textContent = `Item texts loaded (${message.items.toLocaleString('en')})`;
      setBusy(false);
      requestView();
      return;
    case 'error':
      if (!message.expected) console.warn(message.message);
      showError(message.expected ? message.message : `unexpected error: ${message.message.split('\n')[0]}`);
      outputs.status.textContent = message.id === openId ? 'Could not open the dataset.' : 'Failed.';
      if (message.id === viewInFlight) {
        // Dropped files that fail leave the previous view (and its source) in place.
        dropped = shownDropped;
        controls.backToDataset.hidden = !dropped;
        viewSettled();
      } else if (message.id === itemMapId) {
        controls.itemMap.disabled = false;
        setBusy(false);
      } else {
        setBusy(false);
      }
      return;
    case 'view':
      if (message.id === viewInFlight) {
        if (!viewDirty) render(message.view);
        viewSettled();
      }
      return;
  }
};

function fillSelect(select: HTMLSelectElement, values: readonly string[], selected: string, labels?: (value: string) => string): void {
  select.replaceChildren(...values.map((value) => new Option(labels ? labels(value) : value, value, false, value === selected)));
  select.value = selected;
}

function showCatalog(next: Catalog): void {
  catalog = next;
  if (!next.benchmarks.includes(state.benchmark)) state.benchmark = next.benchmarks.includes('mmlu') ? 'mmlu' : (next.benchmarks[0] ?? '');
  if (!next.lms.includes(state.lm)) state.lm = next.lms[0] ?? '';
  fillSelect(controls.benchmark, next.benchmarks, state.benchmark);
  fillSelect(controls.lm, next.lms, state.lm);
  controls.benchmark.disabled = controls.lm.disabled = false;
  controls.itemMap.disabled = !next.hasItemMap;
  const pinned = next.commit ? `commit ${next.commit.slice(0, 12)}` : `revision “${state.rev}” (not pinned: the hub did not say its commit)`;
  outputs.datasetNote.textContent = `${next.location.repo} at ${pinned}, from ${next.location.hubUrl}${next.fromCache ? ' — the hub did not answer: working from this browser’s cache' : ''}.`;
  outputs.status.textContent = 'Dataset opened.';
  showError('');
  requestView();
}

function openDataset(): void {
  setBusy(true);
  outputs.status.textContent = `Opening the dataset${state.repo ? ` ${state.repo}` : ''} at ${state.rev}…`;
  openId = send({ type: 'open', hub: { hubUrl: state.hub, repo: state.repo, revision: state.rev } });
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const fixed = (digits: number) => (value: number) => value.toFixed(digits);

function render(view: ViewResult): void {
  shownDropped = dropped;
  showError('');
  const n = view.checkpoints.length;
  controls.budget.min = String(Math.min(10, view.maxBudget));
  controls.budget.max = String(view.maxBudget);
  controls.budget.value = String(view.budget);
  controls.budgetValue.value = `${view.budget} items`;
  outputs.summary.textContent =
    `${view.label}: ${view.nItems.toLocaleString('en')} items, ${n} checkpoint${n === 1 ? '' : 's'}; ` +
    `Fluid Benchmarking starts at θ = ${view.start.toFixed(3)}${dropped ? '' : ' (the leaderboard’s mean ability)'}; random subsets are seeded and shared by every checkpoint.`;
  const accuracySeries: Series[] = [
    { name: METHOD_LABELS.full_accuracy, values: view.rows.map((r) => r.fullAccuracy * 100), className: 'series-0' },
    { name: `${METHOD_LABELS.random_accuracy} (${view.budget} items)`, values: view.rows.map((r) => r.randomAccuracy * 100), className: 'series-2', dashed: true },
  ];
  drawCheckpointFigure(outputs.accuracy, view, {
    id: 'accuracy',
    quantity: 'Accuracy',
    summary: `Full accuracy and accuracy on ${view.budget} random items for ${n} checkpoints, in percent.`,
    yLabel: 'accuracy (%)',
    series: accuracySeries,
    columns: [{ label: 'checkpoint' }, { label: 'full_accuracy', format: percent }, { label: `random_accuracy_${view.budget}`, format: percent }],
    rows: view.rows.map((r) => [r.checkpoint, r.fullAccuracy, r.randomAccuracy]),
  });

  const abilitySeries: Series[] = [
    { name: METHOD_LABELS.full_ability, values: view.rows.map((r) => r.fullAbility), className: 'series-1' },
    { name: `${METHOD_LABELS.random_ability} (${view.budget} items)`, values: view.rows.map((r) => r.randomAbility), className: 'series-3', dashed: true },
    { name: `${METHOD_LABELS.fluid_ability} (${view.budget} items)`, values: view.rows.map((r) => r.fluidAbility), className: 'series-4' },
  ];
  drawCheckpointFigure(outputs.ability, view, {
    id: 'ability',
    quantity: 'Ability',
    summary: `Full-bank ability, ability from ${view.budget} random items, and Fluid Benchmarking ability after ${view.budget} items, for ${n} checkpoints, in logits.`,
    yLabel: 'ability θ (logits)',
    series: abilitySeries,
    columns: [
      { label: 'checkpoint' },
      { label: 'full_ability', format: fixed(4) },
      { label: `random_ability_${view.budget}`, format: fixed(4) },
      { label: `fluid_ability_${view.budget}`, format: fixed(4) },
    ],
    rows: view.rows.map((r) => [r.checkpoint, r.fullAbility, r.randomAbility, r.fluidAbility]),
  });

  const metricsPanel = dataPanel({
    id: 'metrics',
    caption: `Metrics of each curve at budget ${view.budget}${view.reference ? `; rank distance against ${view.reference}` : ''}`,
    fileName: 'metrics.csv',
    columns: [{ label: 'method' }, { label: 'total variation', format: fixed(3) }, { label: 'monotonicity', format: fixed(3) }, { label: 'rank distance', format: fixed(2) }],
    rows: METHODS.map((method) => {
      const metric = view.metrics.find((m) => m.method === method)!;
      return [METHOD_LABELS[method], metric.totalVariation ?? NaN, metric.monotonicity ?? NaN, metric.rankDistance ?? NaN];
    }),
  });
  metricsPanel.open = true;
  outputs.metrics.replaceChildren(metricsPanel);
  outputs.notes.replaceChildren(
    ...[
      'Total variation: mean step size over mean net change (lower is smoother; a monotone curve scores n/(n−1)). Monotonicity: |Spearman| of the curve with training order (1 keeps improving). Rank distance: how far the checkpoint’s rank among the Open LLM Leaderboard’s LMs moves from its rank on the reference benchmark (lower is more valid).',
      ...view.notes,
    ].map((text) => Object.assign(document.createElement('li'), { textContent: text })),
  );

  fillSelect(controls.reference, view.references, view.reference);
  controls.reference.disabled = view.references.length === 0;
  if (view.references.length === 0) controls.reference.replaceChildren(new Option('— (needs the leaderboard)', ''));
  const checkpointName = view.checkpoints.includes(state.checkpoint) ? state.checkpoint : view.checkpoints[n - 1];
  fillSelect(controls.checkpoint, view.checkpoints, checkpointName, (name) => `${view.checkpoints.indexOf(name) + 1}. ${name}`);
  controls.method.value = state.method;
  renderSteps(view, checkpointName);
  setBusy(false);
  document.documentElement.dataset.view = String(Number(document.documentElement.dataset.view ?? 0) + 1);
  // Where the time went, for bench/explorer.bench.mjs.
  document.documentElement.dataset.timings = JSON.stringify(view.timings);
  outputs.status.textContent = `Ready: ${view.label}, budget ${view.budget}.`;
  if (lmChosen !== undefined && !dropped && view.label.endsWith(`× ${lmChosen}`)) {
    lmChosen = undefined;
    requestAnimationFrame(() => performance.measure('lm-to-curves', 'lm-chosen'));
  }
}

function renderSteps(view: ViewResult, checkpointName: string): void {
  const { rows, step, information } = view.steps;
  controls.step.max = String(Math.max(1, rows.length));
  controls.step.value = String(step);
  controls.step.disabled = rows.length === 0;
  controls.stepValue.value = rows.length ? `${step} of ${rows.length}` : 'no items';
  const current = rows[step - 1];
  const method = state.method === 'fluid' ? 'Fluid Benchmarking' : 'random subset';
  if (current) {
    const fields: [string, string][] = [
      ['item', current.id],
      ['discrimination a', current.a.toFixed(3)],
      ['difficulty b', current.b.toFixed(3)],
      ['answer', current.answer ? 'correct' : 'wrong'],
      ['θ after it', `${current.theta.toFixed(3)} ± ${current.se.toFixed(3)} (SE)`],
    ];
    const list = document.createElement('dl');
    for (const [term, value] of fields) list.append(Object.assign(document.createElement('dt'), { textContent: term }), Object.assign(document.createElement('dd'), { textContent: value }));
    const heading = Object.assign(document.createElement('h3'), { textContent: `Step ${step}: ${method}, checkpoint ${checkpointName}` });
    const text = Object.assign(document.createElement('p'), {
      className: 'item-text',
      textContent: current.text ?? (catalog?.hasItemMap && !dropped ? 'Load the item texts (above) to see the question.' : ''),
    });
    outputs.itemCard.replaceChildren(heading, list, text);
  } else {
    outputs.itemCard.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'This checkpoint has no answered item.' }));
  }
  const steps = rows.map((r) => r.step);
  const thetaSeries: Series[] = [
    { name: 'θ ± SE', values: rows.map((r) => r.theta), className: 'series-4', band: { low: rows.map((r) => r.theta - r.se), high: rows.map((r) => r.theta + r.se) } },
  ];
  drawFigure(outputs.theta, {
    chart: lineChart({
      id: 'theta-chart',
      title: `Ability after each item, ${method}, checkpoint ${checkpointName}`,
      summary: `θ and its standard-error band over ${rows.length} steps; step ${step} is marked.`,
      xLabel: 'items given',
      yLabel: 'ability θ (logits)',
      x: steps,
      series: thetaSeries,
      marker: current ? { x: step, label: `step ${step}` } : undefined,
    }),
    series: thetaSeries,
    caption: 'Ability after each item',
    panel: dataPanel({
      id: 'steps',
      caption: `Steps of the ${method} run, checkpoint ${checkpointName}`,
      fileName: 'steps.csv',
      columns: [
        { label: 'step' }, { label: 'item_id' }, { label: 'a', format: fixed(3) }, { label: 'b', format: fixed(3) },
        { label: 'answer' }, { label: 'theta', format: fixed(4) }, { label: 'se', format: fixed(4) },
      ],
      rows: rows.map((r) => [String(r.step), r.id, r.a, r.b, String(r.answer), r.theta, r.se]),
    }),
  });
  const informationSeries: Series[] = [
    { name: `test information of the first ${step} items`, values: information.test, className: 'series-1' },
    { name: `item ${current?.id ?? ''}`, values: information.item, className: 'series-2', dashed: true },
  ];
  drawFigure(outputs.information, {
    chart: lineChart({
      id: 'information-chart',
      title: `Information at step ${step}`,
      summary: `Fisher information over θ of the items given so far and of the item given at step ${step}; the current θ is marked.`,
      xLabel: 'ability θ (logits)',
      yLabel: 'Fisher information',
      x: information.grid,
      series: informationSeries,
      marker: { x: information.theta, label: `θ = ${information.theta.toFixed(2)}` },
      dots: false,
      formatX: (value) => value.toFixed(0),
    }),
    series: informationSeries,
    caption: 'Information at the current θ',
    panel: dataPanel({
      id: 'information',
      caption: `Information curves at step ${step}`,
      fileName: 'information.csv',
      columns: [{ label: 'theta', format: fixed(2) }, { label: 'test_information', format: fixed(4) }, { label: 'item_information', format: fixed(4) }],
      rows: information.grid.map((t, k) => [String(t), information.test[k], information.item[k]]),
    }),
  });
}

/** What differs between the per-checkpoint figures (accuracy, ability): the chart, its CSV and its data. */
interface CheckpointFigure extends Pick<DataPanelSpec, 'id' | 'columns' | 'rows'> {
  /** Capitalized, as titles and captions start with it. */
  quantity: string;
  summary: string;
  yLabel: string;
  series: Series[];
}

/** A quantity per checkpoint in training order: its line chart, legend and data panel (`<id>.csv`). */
function drawCheckpointFigure(figure: HTMLElement, view: ViewResult, parts: CheckpointFigure): void {
  drawFigure(figure, {
    chart: lineChart({
      id: `${parts.id}-chart`,
      title: `${parts.quantity} per checkpoint, ${view.label}`,
      summary: parts.summary,
      xLabel: 'checkpoint (training order)',
      yLabel: parts.yLabel,
      x: view.checkpoints.map((_, c) => c + 1),
      series: parts.series,
    }),
    series: parts.series,
    caption: `${parts.quantity} per checkpoint (${view.label})`,
    panel: dataPanel({
      id: parts.id,
      caption: `${parts.quantity} per checkpoint, ${view.label}, budget ${view.budget}`,
      fileName: `${parts.id}.csv`,
      columns: parts.columns,
      rows: parts.rows,
    }),
  });
}

function drawFigure(figure: HTMLElement, parts: { chart: SVGSVGElement; series: Series[]; caption: string; panel: HTMLDetailsElement }): void {
  const caption = document.createElement('figcaption');
  caption.textContent = parts.caption;
  figure.replaceChildren(caption, parts.chart, legend(parts.series), parts.panel);
}

async function useFiles(list: FileList | File[]): Promise<void> {
  const files = Array.from(list);
  if (files.length === 0) return;
  droppedCount++;
  dropped = { key: `files:${droppedCount}`, files };
  controls.backToDataset.hidden = false;
  requestView();
}

/** Copies a control's value into the state on `event` (`update`), then asks for the view again. */
function onControl(control: HTMLElement, event: 'change' | 'input', update: () => void): void {
  control.addEventListener(event, () => {
    update();
    requestView();
  });
}

// Controls → state → URL → worker.
onControl(controls.benchmark, 'change', () => (state.benchmark = controls.benchmark.value));
onControl(controls.lm, 'change', () => {
  performance.clearMarks('lm-chosen');
  performance.clearMeasures('lm-to-curves');
  performance.mark('lm-chosen');
  lmChosen = controls.lm.value;
  state.lm = controls.lm.value;
  state.checkpoint = '';
  dropped = undefined;
  controls.backToDataset.hidden = true;
});
onControl(controls.reference, 'change', () => (state.ref = controls.reference.value));
onControl(controls.budget, 'input', () => {
  state.budget = Number(controls.budget.value);
  controls.budgetValue.value = `${state.budget} items`;
});
onControl(controls.checkpoint, 'change', () => (state.checkpoint = controls.checkpoint.value));
onControl(controls.method, 'change', () => (state.method = controls.method.value === 'random' ? 'random' : 'fluid'));
onControl(controls.step, 'input', () => (state.step = Number(controls.step.value)));
controls.itemMap.addEventListener('click', () => {
  controls.itemMap.disabled = true;
  setBusy(true);
  itemMapId = send({ type: 'item-map' });
});
controls.files.addEventListener('change', () => {
  if (controls.files.files) void useFiles(controls.files.files);
  controls.files.value = '';
});
controls.backToDataset.addEventListener('click', () => {
  dropped = undefined;
  controls.backToDataset.hidden = true;
  requestView();
});
controls.dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  controls.dropZone.classList.add('dragging');
});
controls.dropZone.addEventListener('dragleave', () => controls.dropZone.classList.remove('dragging'));
controls.dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  controls.dropZone.classList.remove('dragging');
  if (event.dataTransfer?.files) void useFiles(event.dataTransfer.files);
});
document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (event.ctrlKey || event.metaKey || event.altKey || target.closest('select, textarea, input[type="text"], input[type="file"]')) return;
  const stepBy = (delta: number) => {
    const max = Number(controls.step.max);
    const current = Number(controls.step.value);
    state.step = Math.max(1, Math.min(max, current + delta));
    requestView();
  };
  const budgetBy = (delta: number) => {
    state.budget = Math.max(Number(controls.budget.min), Math.min(Number(controls.budget.max), Number(controls.budget.value) + delta));
    controls.budget.value = String(state.budget);
    controls.budgetValue.value = `${state.budget} items`;
    requestView();
  };
  const actions: Record<string, () => void> = {
    '[': () => stepBy(-1),
    ']': () => stepBy(1),
    '-': () => budgetBy(-BUDGET_KEY_STEP),
    '+': () => budgetBy(BUDGET_KEY_STEP),
    '=': () => budgetBy(BUDGET_KEY_STEP),
  };
  const action = actions[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
});

openDataset();
