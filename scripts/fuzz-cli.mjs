// Fuzzes the `fluid` command line: mutated fixture CSVs (bytes, cells, rows, encodings) and mutated flags.
// Every run must exit 0 or 2; a refusal is exactly one line on stderr; no stack trace ever; a failed run
// leaves no --out file and no temporary (.partial) file behind. `pnpm fuzz:cli [--cases N] [--seed S]`
// runs the campaign and prints a summary (and each failure, reproducible from its seed and case number);
// apps/cli/test/fuzz.test.ts runs a small slice of it in CI.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// FLUID_CLI points the campaign at another build (an older one, to see what it would have found).
export const CLI = process.env.FLUID_CLI ? resolve(process.env.FLUID_CLI) : join(root, 'apps/cli/dist/cli.js');
const FIXTURE_ITEMS = 40;
const FIXTURE_CHECKPOINTS = 3;
const TIMEOUT_MS = 60_000;

/** A small seeded generator (mulberry32), so a case is reproducible from (seed, case number). */
export function generator(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)] };
}

/** The first items and checkpoints of a fixture bank: small enough that each case runs in well under a second. */
export function baseFixtures() {
  const dir = join(root, 'fixtures/synthetic');
  const irt = readFileSync(join(dir, 'arc_challenge_irt.csv'), 'utf8').split('\n').slice(0, FIXTURE_ITEMS + 1);
  const responses = readFileSync(join(dir, 'arc_challenge_responses.csv'), 'utf8').split('\n').slice(0, FIXTURE_ITEMS + 1)
    .map((line) => line.split(',').slice(0, FIXTURE_CHECKPOINTS + 1).join(','));
  return { irt: `${irt.join('\n')}\n`, responses: `${responses.join('\n')}\n`, checkpoints: responses[0].split(',').slice(1) };
}

const ODD_CELLS = ['', 'NA', 'x', '1e999', '-0', '0x10', '"', '"a,b"', 'Infinity', '-1', '2', ' 1 ', '1e-400', '0.5', 'nan', '\u0000', 'é', '1,5', '9'.repeat(400), '-', '+.5', '1.', '.'];
const ODD_BYTES = [0x00, 0x22, 0x2c, 0x0a, 0x0d, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0x7f, 0x20, 0x2d, 0x65];

/** One mutation of a CSV text (or none), as bytes. */
function mutateCsv(text, rng) {
  const lines = text.split('\n');
  const kind = rng.int(12);
  const cellEdit = (edit) => {
    const r = rng.int(lines.length - 1);
    const cells = lines[r].split(',');
    const c = rng.int(cells.length);
    cells[c] = edit(cells[c]);
    lines[r] = cells.join(',');
    return Buffer.from(lines.join('\n'));
  };
  switch (kind) {
    case 0: return Buffer.from(text); // unchanged: the flags alone are fuzzed
    case 1: return cellEdit(() => rng.pick(ODD_CELLS));
    case 2: { // a byte flipped, inserted or deleted
      const bytes = Buffer.from(text);
      const at = rng.int(bytes.length);
      const op = rng.int(3);
      if (op === 0) { bytes[at] = rng.pick(ODD_BYTES); return bytes; }
      if (op === 1) return Buffer.concat([bytes.subarray(0, at), Buffer.of(rng.pick(ODD_BYTES)), bytes.subarray(at)]);
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
    }
    case 3: return Buffer.from(text).subarray(0, rng.int(text.length)); // truncated
    case 4: { // a row duplicated, deleted or swapped
      const r = 1 + rng.int(lines.length - 2);
      const op = rng.int(3);
      if (op === 0) lines.splice(r, 0, lines[r]);
      else if (op === 1) lines.splice(r, 1);
      else [lines[r], lines[1]] = [lines[1], lines[r]];
      return Buffer.from(lines.join('\n'));
    }
    case 5: lines.splice(1 + rng.int(lines.length - 1), 0, rng.pick(['', ',', 'x', 'a,b,c,d,e,f,g', '""'])); return Buffer.from(lines.join('\n'));
    case 6: return Buffer.from(lines.slice(1).join('\n')); // no header
    case 7: { // a header cell renamed or duplicated
      const header = lines[0].split(',');
      const c = rng.int(header.length);
      header[c] = rng.pick(['a', 'b', 'c', 'd', '', 'id', header[(c + 1) % header.length]]);
      lines[0] = header.join(',');
      return Buffer.from(lines.join('\n'));
    }
    case 8: return Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(text, 'utf16le')]); // UTF-16 with its BOM
    case 9: return Buffer.from(`\ufeff${text.replace(/\n/g, '\r\n')}`); // UTF-8 BOM, CRLF
    case 10: return Buffer.from(text, 'latin1').map((byte) => (byte === 0x61 ? 0xe9 : byte)); // a Latin-1 byte for each "a"
    default: return Buffer.alloc(0); // empty
  }
}

const NUMBER_VALUES = ['5', '0', '-1', 'x', '0x10', '1e30', '2.5', '1e3', '+3', ' 7', 'Infinity', 'NaN', '10'];

/** A command and its arguments: mostly valid, with one or two mutations. */
function mutateArgs(rng, paths, checkpoints) {
  const command = rng.pick(['run', 'run', 'estimate', 'simulate', 'fit', 'demo']);
  const args = [command];
  const out = join(paths.dir, 'out', 'result.txt');
  const add = (...tokens) => args.push(...tokens);
  if (command === 'run' || command === 'estimate') {
    add('--irt', paths.irt, '--responses', paths.responses);
    if (command === 'run') add('--n-max', rng.pick(['3', '5', '8']));
  } else if (command === 'simulate') add('--irt', paths.irt, '--theta', rng.pick(['0', '-1,1', '2']));
  else if (command === 'fit') add('--responses', paths.responses, '--max-iterations', '20');
  else add('--items', '30', '--n-max', '5');
  if (rng.next() < 0.5) add('--out', out);
  if (command !== 'demo') add('--quiet');
  const mutations = rng.int(3) === 0 ? 0 : 1;
  for (let m = 0; m < mutations; m++) {
    switch (rng.int(17)) {
      case 0: add(rng.pick(['--nmax', '--seeed', '--foo', '-x', '--n-max-', '--Out']), '5'); break;
      case 1: add(rng.pick(['extra', '-', '--', '5'])); break;
      case 2: add(`--${rng.pick(['n-max', 'seed', 'start', 'min-se', 'count', 'nodes', 'items', 'randomesque'])}`, rng.pick(NUMBER_VALUES)); break;
      case 3: add(`--${rng.pick(['n-max', 'seed', 'start'])}=`); break;
      case 4: add('--checkpoint', rng.pick([checkpoints[0], `${checkpoints[0]},${checkpoints[0]}`, 'nope', 'last', 'all', ',', `${checkpoints[1]},`])); break;
      case 5: add('--theta', rng.pick(['1,,2', 'a', '1e400', '-0', '0,0', ''])); break;
      case 6: add('--estimator', rng.pick(['map', 'mle', 'eap', 'wle', 'bayes', ''])); break;
      case 7: add('--out', rng.pick([paths.dir, paths.irt, join(paths.dir, 'blocker', 'x.csv'), out])); break;
      case 8: add('--irt', rng.pick(['.', join(paths.dir, 'missing.csv'), paths.responses])); break;
      case 9: add('--benchmark', rng.pick(['mmlu', 'x/../y'])); break;
      case 10: add(rng.pick(['--selector', '--select']), rng.pick(['mfi', 'random', 'kl', 'nope'])); break;
      case 11: add(rng.pick(['--format', '--output-format', '--input-format']), rng.pick(['jsonl', 'table', 'csv', 'pyirt'])); break;
      case 12: add(rng.pick(['--raw', '--keep-scores', '--require-binary', '--quiet=yes', '--no-quiet'])); break;
      case 13: add(rng.pick(['--exclude', '--content']), rng.pick(['.', join(paths.dir, 'missing.csv'), paths.irt, paths.responses, 'subject'])); break;
      case 14: add('--stop', rng.pick(['se<0.3', 'items>=', 'se<0.3|items>=5; min_items=2', 'x', '', 'se<-1', 'items>=1e400'])); break;
      case 15: add('--randomesque', rng.pick(['1', '3', '0', '-2', '1.5', '1e9'])); break;
      default: add('--truth', rng.pick([out, join(paths.dir, 'truth.csv')])); break;
    }
  }
  return { args, out: args.includes('--out') ? args[args.lastIndexOf('--out') + 1] : undefined };
}

function spawnCli(args, cwd) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, HF_HUB_OFFLINE: '1', HF_HUB_CACHE: join(cwd, 'hf-cache'), NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolveRun({ status, signal, stdout, stderr });
    });
  });
}

function partialFiles(dir) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(folder, entry.name));
      else if (entry.name.endsWith('.partial')) found.push(join(folder, entry.name));
    }
  };
  walk(dir);
  return found;
}

/** What is wrong with a finished run (empty: nothing). */
export function judge(run, outPath, outBefore) {
  const problems = [];
  if (run.status !== 0 && run.status !== 2) problems.push(`exit status ${run.status}${run.signal ? ` (signal ${run.signal})` : ''}`);
  if (/\n\s+at |internal error|Error: .*\n.*node:/.test(run.stderr)) problems.push('a stack trace on stderr');
  if (run.status === 2) {
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    if (lines.length !== 1 || !lines[0].startsWith('fluid')) problems.push(`not one "fluid…" line on stderr (${lines.length} lines)`);
    if (outPath && !outBefore && existsSync(outPath)) problems.push(`--out ${outPath} written by a failed run`);
  }
  if (/\x1b\[/.test(run.stderr + run.stdout) && !run.stderr.includes('\r\x1b[K')) problems.push('ANSI escapes in output');
  return problems;
}

/** Builds and runs case `k` of campaign `seed`; returns its arguments and problems. */
export async function runCase(seed, k, base = baseFixtures()) {
  const rng = generator((seed * 1_000_003 + k) >>> 0);
  const dir = mkdtempSync(join(tmpdir(), 'fluid-fuzz-'));
  try {
    const paths = { dir, irt: join(dir, 'irt.csv'), responses: join(dir, 'responses.csv') };
    // one file mutated (or neither), so most cases fail for one reason and some succeed
    const which = rng.int(3);
    writeFileSync(paths.irt, which === 0 ? mutateCsv(base.irt, rng) : Buffer.from(base.irt));
    writeFileSync(paths.responses, which === 1 ? mutateCsv(base.responses, rng) : Buffer.from(base.responses));
    writeFileSync(join(dir, 'blocker'), 'a file where a folder is expected\n');
    mkdirSync(join(dir, 'out'));
    const { args, out } = mutateArgs(rng, paths, base.checkpoints);
    const outBefore = out !== undefined && existsSync(out);
    const run = await spawnCli(args, dir);
    const problems = judge(run, out, outBefore);
    const partial = partialFiles(dir);
    if (partial.length) problems.push(`temporary files left: ${partial.join(', ')}`);
    return { k, args: args.map((arg) => arg.replaceAll(dir, '$DIR')), status: run.status, stderr: run.stderr.trim().split('\n').slice(0, 3).join(' | ').replaceAll(dir, '$DIR'), problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `cases` cases, `parallel` at a time. */
export async function fuzz({ cases, seed, parallel = 2, onCase = () => {} }) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm build first`);
  const base = baseFixtures();
  const results = new Array(cases);
  let next = 0;
  const worker = async () => {
    while (next < cases) {
      const k = next++;
      results[k] = await runCase(seed, k, base);
      onCase(results[k]);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const cases = option('cases', 2000);
  const seed = option('seed', 1);
  const started = Date.now();
  let done = 0;
  const results = await fuzz({
    cases, seed, parallel: option('parallel', 2),
    onCase: () => {
      done++;
      if (process.stderr.isTTY) process.stderr.write(`\r${done}/${cases}`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  const failures = results.filter((r) => r.problems.length > 0);
  const byStatus = {};
  for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  for (const f of failures) console.log(`case ${f.k}: ${f.problems.join('; ')}\n  fluid ${f.args.join(' ')}\n  stderr: ${f.stderr}`);
  console.log(`fuzz-cli: ${cases} cases (seed ${seed}), exit statuses ${JSON.stringify(byStatus)}, ${failures.length} failing, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exitCode = failures.length ? 1 : 0;
}
