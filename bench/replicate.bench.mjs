// Wall time of the paper's whole experiment grid on the embedded synthetic world (6 benchmarks with their
// real item counts × 6 LMs × 452 checkpoints per benchmark; every method; analyses, report and figures), as
// users run it: the built CLI in a fresh process, writing into a scratch folder. Goal: ≤ 15 s on 2 cores.
// Standalone: `node bench/replicate.bench.mjs` (after `pnpm build`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../apps/replicate/dist/cli.js', import.meta.url));
/** 6 benchmarks × (73 + 46 + 83 + 94 + 78 + 78) checkpoints. */
const EXPECTED_ROWS = 6 * 452;

// CPU time of the whole process, worker threads included, reported on exit: wall time depends on what else
// the machine runs, CPU time much less.
const REPORT_CPU = 'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write(`cpu-ms ${(u.user+u.system)/1000}\\n`)})';

function runGrid(extraArgs) {
  const out = mkdtempSync(join(tmpdir(), 'fluid-replicate-bench-'));
  try {
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--import', REPORT_CPU, CLI, '--out', out, '--quiet', ...extraArgs], { encoding: 'utf8' });
    const ms = performance.now() - started;
    if (run.status !== 0) throw new Error(`fluid-replicate failed (${run.status}): ${run.stderr}`);
    const cpuMs = Number(/cpu-ms ([\d.]+)/.exec(run.stderr)?.[1]);
    // Check the work was really done: every row written, the summary present.
    const rows = readFileSync(join(out, 'experiments.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    if (rows !== EXPECTED_ROWS) throw new Error(`expected ${EXPECTED_ROWS} rows, got ${rows}`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    if (typeof summary.fluid['100'].monotonicity !== 'number') throw new Error('summary.json lacks the Fluid monotonicity at 100 items');
    return { ms, cpuMs };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Times the default grid with every core, and with one worker for comparison.
 *
 * @returns {Promise<{ name: string, ms: number }[]>}
 */
export async function benchReplicate() {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm build first`);
  const workers = availableParallelism();
  const parallel = runGrid([]);
  const serial = runGrid(['--workers', '1']);
  return [
    { name: `replicate: default synthetic grid, ${workers} workers (CLI wall time)`, ms: parallel.ms },
    { name: `replicate: default synthetic grid, ${workers} workers (CPU time, all threads)`, ms: parallel.cpuMs },
    { name: 'replicate: default synthetic grid, 1 worker (CLI wall time)', ms: serial.ms },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await benchReplicate();
  console.log(`${cpus()[0]?.model ?? 'unknown CPU'} × ${availableParallelism()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (other work on the machine slows the wall times)`);
  for (const row of rows) console.log(`${row.name}: ${(row.ms / 1000).toFixed(2)} s`);
}
