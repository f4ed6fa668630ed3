// Small, dependency-free SVG line charts: a grid of panels, each with its own y-axis, and one legend.
// (vega-lite would need a headless renderer and dozens of packages for what is lines and ticks.)

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  label: string;
  color: string;
  points: Point[];
  dashed?: boolean;
  markers?: boolean;
}

export interface Panel {
  title: string;
  series: Series[];
}

export interface ChartLayout {
  title: string;
  columns: number;
  panelWidth?: number;
  panelHeight?: number;
  xLabel?: string;
  yLabel?: string;
  logX?: boolean;
  /** Fixed x ticks (e.g. the budgets); otherwise chosen from the data. */
  xTicks?: number[];
}

const MARGIN = { left: 46, right: 10, top: 22, bottom: 30 };
const TITLE_HEIGHT = 28;
const LEGEND_ROW = 18;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/**
 * Escapes text for SVG/XML content and attributes.
 *
 * @example
 * ```ts
 * escapeXml('a < b & "c"'); // returns 'a &lt; b &amp; &quot;c&quot;'
 * ```
 */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * About `count` round tick values covering [lo, hi] (steps of 1, 2 or 5 times a power of ten).
 *
 * @example
 * ```ts
 * niceTicks(0, 1, 5); // returns [0, 0.2, 0.4, 0.6, 0.8, 1]
 * ```
 */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const step = niceStep(lo, hi, count);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * The round step (1, 2 or 5 times a power of ten) that cuts [lo, hi] into about `count` parts.
 *
 * @example
 * ```ts
 * niceStep(0.06, 0.94, 4); // returns 0.5
 * ```
 */
export function niceStep(lo: number, hi: number, count: number): number {
  if (!(hi > lo)) return 1;
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
}

/** A tick label with as many decimals as the tick step needs (0.2 → one, 25 → none). */
function formatTick(value: number, step: number): string {
  if (Math.abs(value) >= 1000 && step >= 100) return `${Number((value / 1000).toPrecision(3))}k`;
  const decimals = step > 0 ? Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9))) : 0;
  return value.toFixed(decimals);
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function renderPanel(panel: Panel, layout: Required<Pick<ChartLayout, 'panelWidth' | 'panelHeight'>> & ChartLayout, originX: number, originY: number): string {
  const width = layout.panelWidth - MARGIN.left - MARGIN.right;
  const height = layout.panelHeight - MARGIN.top - MARGIN.bottom;
  const xs = panel.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = panel.series.flatMap((s) => s.points.map((p) => p.y));
  const transform = (x: number) => (layout.logX ? Math.log10(x) : x);
  const [x0, x1] = layout.xTicks ? [transform(Math.min(...layout.xTicks)), transform(Math.max(...layout.xTicks))] : extent(xs.map(transform));
  const [y0, y1] = extent(ys);
  const spanX = x1 - x0 || 1;
  const sx = (x: number) => originX + MARGIN.left + ((transform(x) - x0) / spanX) * width;
  const sy = (y: number) => originY + MARGIN.top + height - ((y - y0) / (y1 - y0)) * height;
  const parts: string[] = [];
  parts.push(`<text x="${originX + MARGIN.left + width / 2}" y="${originY + 14}" text-anchor="middle" font-size="11" font-weight="600">${escapeXml(panel.title)}</text>`);
  parts.push(`<rect x="${originX + MARGIN.left}" y="${originY + MARGIN.top}" width="${width}" height="${height}" fill="#fafafa" stroke="#ccc"/>`);
  const yTicks = niceTicks(y0, y1, 4);
  // from the range, not from two ticks: a range may hold a single tick (0.5 on [0.06, 0.94])
  const yStep = niceStep(y0, y1, 4);
  for (const tick of yTicks) {
    if (tick < y0 || tick > y1) continue;
    const y = sy(tick).toFixed(1);
    parts.push(`<line x1="${originX + MARGIN.left}" x2="${originX + MARGIN.left + width}" y1="${y}" y2="${y}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${originX + MARGIN.left - 4}" y="${y}" dy="3" text-anchor="end" font-size="9" fill="#555">${formatTick(tick, yStep)}</text>`);
  }
  const xTicks = layout.xTicks ?? niceTicks(Math.min(...xs), Math.max(...xs), 4);
  const xStep = layout.xTicks ? 1 : niceStep(Math.min(...xs), Math.max(...xs), 4);
  for (const tick of xTicks) {
    const x = sx(tick);
    if (!(x >= originX + MARGIN.left - 0.5 && x <= originX + MARGIN.left + width + 0.5)) continue;
    parts.push(`<text x="${x.toFixed(1)}" y="${originY + MARGIN.top + height + 12}" text-anchor="middle" font-size="9" fill="#555">${formatTick(tick, xStep)}</text>`);
  }
  for (const series of panel.series) {
    const points = series.points.filter((p) => Number.isFinite(p.y) && Number.isFinite(p.x));
    if (points.length === 0) continue;
    const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
    parts.push(`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="1.4"${series.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    if (series.markers) {
      for (const p of points) parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2.5" fill="${series.color}"/>`);
    }
  }
  return parts.join('\n');
}

/**
 * A grid of line-chart panels with a title, axis labels and a legend of every distinct series label.
 *
 * @example
 * ```ts
 * const svg = lineChart([{ title: 'mmlu', series: [{ label: 'Fluid', color: '#1b9e77', points: [{ x: 1, y: 0.2 }, { x: 2, y: 0.5 }] }] }],
 *   { title: 'Learning curves', columns: 1 });
 * svg.startsWith('<svg'); // returns true
 * ```
 */
export function lineChart(panels: Panel[], layout: ChartLayout): string {
  const full = { panelWidth: 240, panelHeight: 160, ...layout };
  const columns = Math.max(1, Math.min(layout.columns, panels.length));
  const rows = Math.ceil(panels.length / columns);
  const legend = new Map<string, Series>();
  for (const panel of panels) for (const series of panel.series) if (!legend.has(series.label)) legend.set(series.label, series);
  const legendPerRow = Math.max(1, Math.floor((columns * full.panelWidth) / 170));
  const legendRows = Math.ceil(legend.size / legendPerRow);
  const width = columns * full.panelWidth;
  const height = TITLE_HEIGHT + rows * full.panelHeight + legendRows * LEGEND_ROW + (layout.xLabel ? 16 : 0) + 8;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`);
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<text x="10" y="19" font-size="14" font-weight="700">${escapeXml(layout.title)}</text>`);
  panels.forEach((panel, i) => {
    parts.push(renderPanel(panel, full, (i % columns) * full.panelWidth, TITLE_HEIGHT + Math.floor(i / columns) * full.panelHeight));
  });
  let y = TITLE_HEIGHT + rows * full.panelHeight;
  if (layout.xLabel) {
    parts.push(`<text x="${width / 2}" y="${y + 10}" text-anchor="middle" font-size="10" fill="#333">${escapeXml(layout.xLabel)}</text>`);
    y += 16;
  }
  if (layout.yLabel) {
    parts.push(`<text transform="translate(10 ${TITLE_HEIGHT + (rows * full.panelHeight) / 2}) rotate(-90)" text-anchor="middle" font-size="10" fill="#333">${escapeXml(layout.yLabel)}</text>`);
  }
  [...legend.values()].forEach((series, i) => {
    const x = 12 + (i % legendPerRow) * 170;
    const rowY = y + 12 + Math.floor(i / legendPerRow) * LEGEND_ROW;
    parts.push(`<line x1="${x}" x2="${x + 22}" y1="${rowY - 4}" y2="${rowY - 4}" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    parts.push(`<text x="${x + 28}" y="${rowY}" font-size="10">${escapeXml(series.label)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
