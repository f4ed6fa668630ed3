// Line charts as SVG: axes with ticks, units in the axis titles, a legend, optional bands and a marker line.
// Sized by a viewBox, so they scale with the page; described for screen readers by a title and a summary.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { top: 16, right: 16, bottom: 48, left: 64 };
const TICKS = 6;
const MAX_DOTTED_POINTS = 120;

/** One line; `band` draws a shaded region (θ ± SE, say) behind it. */
export interface Series {
  name: string;
  values: readonly number[];
  /** A CSS class that sets the stroke colour (see style.css). */
  className: string;
  dashed?: boolean;
  band?: { low: readonly number[]; high: readonly number[] };
}

export interface ChartSpec {
  /** Accessible name, and an id prefix for the title and description elements. */
  id: string;
  title: string;
  /** One or two sentences a screen reader gives instead of the picture; the data table has the numbers. */
  summary: string;
  xLabel: string;
  yLabel: string;
  x: readonly number[];
  series: readonly Series[];
  /** Default: the data's range, padded. */
  yDomain?: [number, number];
  formatY?: (value: number) => string;
  formatX?: (value: number) => string;
  /** A vertical line at this x with a label (the current θ, say). */
  marker?: { x: number; label: string };
  /** Dots on the data points. Default: when there are at most 120 points. */
  dots?: boolean;
}

/**
 * Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten.
 *
 * @example
 * ```ts
 * niceTicks(0, 1, 6); // returns [0, 0.2, 0.4, 0.6, 0.8, 1]
 * niceTicks(-1.3, 2.1, 6); // returns [-1, 0, 1, 2]
 * ```
 */
export function niceTicks(low: number, high: number, count: number): number[] {
  if (!(high > low)) return [low];
  const rough = (high - low) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((k) => k * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / step) * step; value <= high + step * 1e-9; value += step) {
    ticks.push(Number((Math.round(value / step) * step).toPrecision(12)));
  }
  return ticks;
}

function element<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function extent(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  if (low === high) {
    low -= 0.5;
    high += 0.5;
  }
  const pad = (high - low) * 0.05;
  return [low - pad, high + pad];
}

/**
 * Draws a line chart.
 *
 * @example
 * ```ts
 * const svg = lineChart({ id: 'acc', title: 'Accuracy', summary: '…', xLabel: 'checkpoint', yLabel: 'accuracy (%)',
 *   x: [1, 2, 3], series: [{ name: 'Full accuracy', values: [40, 45, 52], className: 'series-0' }] });
 * svg.getAttribute('role'); // returns 'img'
 * ```
 */
export function lineChart(spec: ChartSpec): SVGSVGElement {
  const svg = element('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'img',
    'aria-labelledby': `${spec.id}-title ${spec.id}-summary`,
    class: 'chart',
    preserveAspectRatio: 'xMidYMid meet',
  });
  svg.append(element('title', { id: `${spec.id}-title` }, spec.title), element('desc', { id: `${spec.id}-summary` }, spec.summary));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const [xLow, xHigh] = spec.x.length > 1 ? [Math.min(...spec.x), Math.max(...spec.x)] : [(spec.x[0] ?? 0) - 1, (spec.x[0] ?? 0) + 1];
  const all = spec.series.flatMap((s) => [...s.values, ...(s.band ? [...s.band.low, ...s.band.high] : [])]);
  const [yLow, yHigh] = spec.yDomain ?? extent(all);
  const px = (x: number) => MARGIN.left + ((x - xLow) / (xHigh - xLow || 1)) * plotWidth;
  const py = (y: number) => MARGIN.top + (1 - (y - yLow) / (yHigh - yLow || 1)) * plotHeight;
  const formatY = spec.formatY ?? ((value: number) => String(value));
  const formatX = spec.formatX ?? ((value: number) => String(value));

  const axes = element('g', { class: 'axes', 'aria-hidden': 'true' });
  for (const tick of niceTicks(yLow, yHigh, TICKS)) {
    axes.append(
      element('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: py(tick), y2: py(tick), class: 'grid' }),
      element('text', { x: MARGIN.left - 6, y: py(tick), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, formatY(tick)),
    );
  }
  const xTicks = niceTicks(xLow, xHigh, TICKS).filter((tick) => spec.x.length < 2 || Number.isInteger(tick) || xHigh - xLow < TICKS);
  for (const tick of xTicks) {
    axes.append(
      element('line', { x1: px(tick), x2: px(tick), y1: HEIGHT - MARGIN.bottom, y2: HEIGHT - MARGIN.bottom + 5, class: 'tick' }),
      element('text', { x: px(tick), y: HEIGHT - MARGIN.bottom + 18, 'text-anchor': 'middle' }, formatX(tick)),
    );
  }
  axes.append(
    element('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: HEIGHT - MARGIN.bottom, y2: HEIGHT - MARGIN.bottom, class: 'axis' }),
    element('line', { x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: HEIGHT - MARGIN.bottom, class: 'axis' }),
    element('text', { x: MARGIN.left + plotWidth / 2, y: HEIGHT - 8, 'text-anchor': 'middle', class: 'axis-title' }, spec.xLabel),
    element('text', { x: 14, y: MARGIN.top + plotHeight / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${MARGIN.top + plotHeight / 2})`, class: 'axis-title' }, spec.yLabel),
  );
  svg.append(axes);

  const lines = element('g', { 'aria-hidden': 'true' });
  spec.series.forEach((series) => {
    if (series.band) {
      const upper = spec.x.map((x, i) => `${px(x)},${py(series.band!.high[i])}`);
      const lower = spec.x.map((x, i) => `${px(x)},${py(series.band!.low[i])}`).reverse();
      lines.append(element('polygon', { points: [...upper, ...lower].join(' '), class: `band ${series.className}` }));
    }
    // Undefined values break the line instead of dropping to an axis.
    let path = '';
    let pen = false;
    spec.x.forEach((x, i) => {
      const y = series.values[i];
      if (!Number.isFinite(y)) {
        pen = false;
        return;
      }
      path += `${pen ? 'L' : 'M'}${px(x).toFixed(2)},${py(y).toFixed(2)}`;
      pen = true;
    });
    lines.append(element('path', { d: path, class: `line ${series.className}${series.dashed ? ' dashed' : ''}` }));
    if (spec.dots ?? spec.x.length <= MAX_DOTTED_POINTS) {
      spec.x.forEach((x, i) => {
        if (Number.isFinite(series.values[i])) lines.append(element('circle', { cx: px(x), cy: py(series.values[i]), r: 2.5, class: `dot ${series.className}` }));
      });
    }
  });
  if (spec.marker && spec.marker.x >= xLow && spec.marker.x <= xHigh) {
    lines.append(
      element('line', { x1: px(spec.marker.x), x2: px(spec.marker.x), y1: MARGIN.top, y2: HEIGHT - MARGIN.bottom, class: 'marker' }),
      // The label sits on the side of the line with more room.
      px(spec.marker.x) > MARGIN.left + plotWidth * 0.75
        ? element('text', { x: px(spec.marker.x) - 4, y: MARGIN.top + 10, 'text-anchor': 'end', class: 'marker-label' }, spec.marker.label)
        : element('text', { x: px(spec.marker.x) + 4, y: MARGIN.top + 10, class: 'marker-label' }, spec.marker.label),
    );
  }
  svg.append(lines);
  return svg;
}

/**
 * The chart's legend as an HTML list (readable text, wraps on a phone).
 *
 * @example
 * ```ts
 * legend([{ name: 'Fluid ability', className: 'series-4', values: [] }]).children.length; // returns 1
 * ```
 */
export function legend(series: readonly Pick<Series, 'name' | 'className' | 'dashed'>[]): HTMLUListElement {
  const list = document.createElement('ul');
  list.className = 'legend';
  for (const s of series) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch ${s.className}${s.dashed ? ' dashed' : ''}`;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, document.createTextNode(s.name));
    list.append(item);
  }
  return list;
}
