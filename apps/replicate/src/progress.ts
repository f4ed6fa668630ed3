// Progress on stderr: on a terminal, one redrawn bar per benchmark and a total with an ETA; elsewhere (with
// --progress) one plain line per finished unit.

export interface ProgressUnit {
  benchmark: string;
  lm: string;
  checkpoints: number;
  /** Relative cost, for the ETA (checkpoints × items: the adaptive runs dominate and scale so). */
  weight: number;
}

export type ProgressMode = 'bars' | 'lines' | 'off';

const BAR_WIDTH = 24;
const REDRAW_INTERVAL_MS = 100;

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

/**
 * Tracks finished units per benchmark and draws them.
 *
 * @example
 * ```ts
 * const progress = new Progress(units, 'lines', process.stderr);
 * progress.done(units[0]); // prints "[1/36] arc_challenge × amber-7b ..."
 * ```
 */
export class Progress {
  private readonly started = performance.now();
  private readonly benchmarks: string[];
  private readonly total = new Map<string, { units: number; checkpoints: number }>();
  private readonly finished = new Map<string, { units: number; checkpoints: number }>();
  private readonly totalWeight: number;
  private doneWeight = 0;
  private doneUnits = 0;
  private drawnLines = 0;
  private lastDraw = 0;

  constructor(private readonly units: readonly ProgressUnit[], private readonly mode: ProgressMode, private readonly stream: NodeJS.WritableStream) {
    this.benchmarks = [...new Set(units.map((u) => u.benchmark))];
    for (const unit of units) {
      const entry = this.total.get(unit.benchmark) ?? { units: 0, checkpoints: 0 };
      entry.units++;
      entry.checkpoints += unit.checkpoints;
      this.total.set(unit.benchmark, entry);
      this.finished.set(unit.benchmark, { units: 0, checkpoints: 0 });
    }
    this.totalWeight = units.reduce((sum, u) => sum + u.weight, 0);
    if (mode === 'bars' && units.length > 0) this.draw(true);
  }

  /** Seconds left, extrapolated from the work done so far. */
  eta(): number {
    const elapsed = (performance.now() - this.started) / 1000;
    return this.doneWeight === 0 ? Infinity : (elapsed * (this.totalWeight - this.doneWeight)) / this.doneWeight;
  }

  done(unit: ProgressUnit): void {
    const entry = this.finished.get(unit.benchmark)!;
    entry.units++;
    entry.checkpoints += unit.checkpoints;
    this.doneWeight += unit.weight;
    this.doneUnits++;
    if (this.mode === 'lines') {
      const elapsed = (performance.now() - this.started) / 1000;
      this.stream.write(`[${this.doneUnits}/${this.units.length}] ${unit.benchmark} × ${unit.lm} (${unit.checkpoints} checkpoints) · ${formatSeconds(elapsed)} elapsed · ETA ${formatSeconds(this.eta())}\n`);
    } else if (this.mode === 'bars') {
      this.draw(this.doneUnits === this.units.length);
    }
  }

  private draw(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastDraw < REDRAW_INTERVAL_MS) return;
    this.lastDraw = now;
    const width = Math.max(...this.benchmarks.map((b) => b.length));
    const lines = this.benchmarks.map((benchmark) => {
      const total = this.total.get(benchmark)!;
      const done = this.finished.get(benchmark)!;
      const filled = Math.round((BAR_WIDTH * done.checkpoints) / total.checkpoints);
      return `${benchmark.padEnd(width)} ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${done.units}/${total.units} LMs · ${done.checkpoints}/${total.checkpoints} checkpoints`;
    });
    const elapsed = (now - this.started) / 1000;
    const left = this.doneUnits === this.units.length ? 'done' : `ETA ${formatSeconds(this.eta())}`;
    lines.push(`${this.doneUnits}/${this.units.length} units · ${formatSeconds(elapsed)} elapsed · ${left}`);
    // Move up over the previous drawing and clear each line as it is rewritten.
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : '';
    this.stream.write(`${up}${lines.map((line) => `\x1b[2K${line}`).join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}
