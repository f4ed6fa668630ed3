// The numbers behind a chart: a table behind a "data" toggle, and the same rows as a CSV download.
// Cells show rounded values and keep the exact ones in `data-value` (and in the CSV).

/** A column: its header and how to show a cell (exact values still go to the CSV). */
export interface Column {
  label: string;
  format?: (value: number) => string;
}

export type Cell = string | number | null | undefined;

export interface DataPanelSpec {
  /** Stable id: the panel remembers whether it is open across redraws. */
  id: string;
  caption: string;
  columns: readonly Column[];
  rows: readonly (readonly Cell[])[];
  fileName: string;
}

const openPanels = new Set<string>();

/**
 * A CSV field: numbers in their shortest round-trip form, text quoted when it needs to be, empty for a
 * missing value.
 *
 * @example
 * ```ts
 * csvField(0.1 + 0.2); // returns '0.30000000000000004'
 * csvField('a,b');     // returns '"a,b"'
 * csvField(NaN);       // returns ''
 * ```
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The rows as CSV text with a header line.
 *
 * @example
 * ```ts
 * toCsv([{ label: 'checkpoint' }, { label: 'theta' }], [['step1', 0.25]]); // returns 'checkpoint,theta\nstep1,0.25\n'
 * ```
 */
export function toCsv(columns: readonly Column[], rows: readonly (readonly Cell[])[]): string {
  return [columns.map((column) => csvField(column.label)).join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\n') + '\n';
}

/**
 * A `<details>` panel (summary "data") holding the table, with a CSV download button.
 *
 * @example
 * ```ts
 * const panel = dataPanel({ id: 'curves', caption: 'Scores per checkpoint', fileName: 'curves.csv',
 *   columns: [{ label: 'checkpoint' }, { label: 'Fluid ability' }], rows: [['step1', 0.25]] });
 * panel.querySelector('td[data-value]')?.getAttribute('data-value'); // returns '0.25'
 * ```
 */
export function dataPanel(spec: DataPanelSpec): HTMLDetailsElement {
  const details = document.createElement('details');
  details.className = 'data-panel';
  details.dataset.panel = spec.id;
  details.open = openPanels.has(spec.id);
  details.addEventListener('toggle', () => (details.open ? openPanels.add(spec.id) : openPanels.delete(spec.id)));
  const summary = document.createElement('summary');
  summary.textContent = 'data';
  summary.setAttribute('aria-label', `data: ${spec.caption}`);

  const download = document.createElement('button');
  download.type = 'button';
  download.className = 'download';
  download.textContent = `Download ${spec.fileName}`;
  download.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([toCsv(spec.columns, spec.rows)], { type: 'text/csv' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = spec.fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  });

  const wrapper = document.createElement('div');
  wrapper.className = 'table-wrapper';
  wrapper.tabIndex = 0;
  wrapper.setAttribute('role', 'region');
  wrapper.setAttribute('aria-label', spec.caption);
  const table = document.createElement('table');
  const caption = document.createElement('caption');
  caption.textContent = spec.caption;
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  for (const column of spec.columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column.label;
    headRow.append(th);
  }
  head.append(headRow);
  const body = document.createElement('tbody');
  for (const row of spec.rows) {
    const tr = document.createElement('tr');
    row.forEach((value, j) => {
      const td = document.createElement(j === 0 ? 'th' : 'td');
      if (j === 0) td.setAttribute('scope', 'row');
      if (typeof value === 'number') {
        td.dataset.value = String(value);
        td.textContent = Number.isFinite(value) ? (spec.columns[j].format ?? String)(value) : '–';
      } else {
        td.textContent = value ?? '–';
      }
      tr.append(td);
    });
    body.append(tr);
  }
  table.append(caption, head, body);
  wrapper.append(table);
  details.append(summary, download, wrapper);
  return details;
}
