// The live-evaluation benchmark (issue 12): the harness's own cost per answer, and wall time against a server
// with latency at --batch 1/4/8/16. Writes (or replaces) the "## Live evaluation" section of bench/RESULTS.md.
//
//   node bench/harness.mjs            the full run (about two minutes), updates bench/RESULTS.md
//   node bench/harness.mjs --quick    a smoke run; prints the section, writes nothing
//
// Every run's result is checked (items asked = n_max, each answer the server's own), so nothing timed is dead.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initSync, ItemBank } from '@fluidbench/core';
import { FileJournal, createOpenAIBackend, evaluate, evaluationJournalHeader, parseItemsJsonl } from '@fluidbench/harness/node';
import { formatNumber, machineFacts, markdownTable, writeAtomically } from './lib/report.mjs';
import { EIGHT_LMS, liveWorld } from './lib/live-world.mjs';

const HEADING = '## Live evaluation';
const BATCHING_HEADING = '### The price of batching';
const benchDir = dirname(fileURLToPath(import.meta.url));
const { values: flags } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const quick = flags.quick;
const MODELS = Object.keys(EIGHT_LMS);
const LATENCY_MS = 50;
const BATCHES = [1, 4, 8, 16];
const N_MAX = quick ? 20 : 100;
const log = (line) => process.stderr.write(`${line}\n`);

initSync();
const world = liveWorld();
const bank = new ItemBank(world.bank);
const items = parseItemsJsonl(world.items.map((item) => JSON.stringify(item)).join('\n'));
const indexOf = new Map(world.bank.ids.map((id, i) => [id, i]));

/** The simulated server's decision (same rule as the test server): u(model, item) < P(θ). */
function correctFor(model, i) {
  const digest = createHash('sha256').update(`${model}\u0000${world.bank.ids[i]}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48 < 1 / (1 + Math.exp(-world.bank.a[i] * (EIGHT_LMS[model] - world.bank.b[i])));
}
const answerTable = new Map(MODELS.map((model) => [model, Uint8Array.from(world.bank.ids, (_, i) => (correctFor(model, i) ? 1 : 0))]));

/** Checks a run: n_max items per model, each recorded answer the simulated LM's own. */
function check(results, nMax, what) {
  for (const result of results) {
    if (result.items.length !== nMax) throw new Error(`${what}: ${result.model} asked ${result.items.length} items, expected ${nMax}`);
    result.items.forEach((i, k) => {
      if (result.correct[k] !== answerTable.get(result.model)[i]) throw new Error(`${what}: ${result.model}'s answer to ${result.itemIds[k]} is not the server's`);
    });
  }
}

/** An in-process backend with no model cost at all: the answer table, looked up. */
const tableBackend = {
  async scoreChoices({ model, itemId, continuations }) {
    const i = indexOf.get(itemId);
    const chosen = answerTable.get(model)[i] ? world.items[i].answer : (world.items[i].answer + 1) % continuations.length;
    return continuations.map((_, k) => (k === chosen ? -1 : -9));
  },
  async generate() {
    throw new Error('no generate items');
  },
};

/** CPU ms per answer and wall s of one evaluate() call. */
async function measure(options, nMax, what) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const results = await evaluate({ bank, items, models: MODELS, nMax, ...options });
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  check(results, nMax, what);
  const answers = results.reduce((sum, r) => sum + r.items.length, 0);
  return { cpuMsPerAnswer: (used.user + used.system) / 1000 / answers, wall, answers, results };
}

async function startServer(latencyMs) {
  const child = spawn(process.execPath, [join(benchDir, 'lib', 'live-server-process.mjs'), String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }) };
}

const scratch = mkdtempSync(join(tmpdir(), 'fluid-bench-harness-'));
const overhead = [];
const wallRows = [];
const sideBySide = [];
try {
  // 1. The harness's own cost: in-process backend (no model, no HTTP), mmlu's 14,042-item bank.
  for (const nMax of quick ? [20] : [100, 500]) {
    await measure({ backend: tableBackend, batch: 1 }, Math.min(nMax, 20), 'warm-up');
    const bare = await measure({ backend: tableBackend, batch: 1 }, nMax, 'in-process');
    const file = join(scratch, `overhead-${nMax}.jsonl`);
    const journal = FileJournal.open(file, evaluationJournalHeader({ bank, items, backend: tableBackend, models: MODELS }), { fresh: true });
    const journaled = await measure({ backend: tableBackend, batch: 1, journal }, nMax, 'in-process + journal');
    journal.close();
    overhead.push([`in-process backend, n_max ${nMax}`, 'none', formatNumber(bare.cpuMsPerAnswer), formatNumber(bare.answers / bare.wall)]);
    overhead.push([`in-process backend, n_max ${nMax}`, 'file, group commit (an fsync per round)', formatNumber(journaled.cpuMsPerAnswer), formatNumber(journaled.answers / journaled.wall)]);
    log(`overhead n_max ${nMax}: ${bare.cpuMsPerAnswer.toFixed(3)} ms CPU/answer bare, ${journaled.cpuMsPerAnswer.toFixed(3)} with journal`);
  }
  // 2. Against a zero-latency loopback server in another process: the client's CPU per answer, HTTP included.
  {
    const server = await startServer(0);
    try {
      const backend = createOpenAIBackend({ baseURL: server.url });
      await measure({ backend, batch: 1 }, 10, 'warm-up');
      const http = await measure({ backend, batch: 1 }, N_MAX, 'loopback');
      overhead.push([`OpenAI-compatible loopback server (0 ms), n_max ${N_MAX}`, 'none', formatNumber(http.cpuMsPerAnswer), formatNumber(http.answers / http.wall)]);
      log(`loopback: ${http.cpuMsPerAnswer.toFixed(3)} ms CPU/answer`);
    } finally {
      await server.stop();
    }
  }
  // 3. Latency 50 ms: models one at a time (wall time per model), then all eight side by side.
  const server = await startServer(LATENCY_MS);
  try {
    const backend = createOpenAIBackend({ baseURL: server.url });
    await measure({ backend, batch: 1, concurrency: 8 }, 5, 'warm-up');
    for (const batch of BATCHES) {
      let wall = 0;
      for (const model of MODELS) {
        const started = performance.now();
        const results = await evaluate({ bank, items, backend, models: [model], nMax: N_MAX, batch, concurrency: 8 });
        wall += (performance.now() - started) / 1000;
        check(results, N_MAX, `batch ${batch}`);
      }
      wallRows.push({ batch, perModel: wall / MODELS.length, answersPerSecond: (N_MAX * MODELS.length) / wall });
      log(`batch ${batch}: ${(wall / MODELS.length).toFixed(2)} s per model`);
    }
    for (const concurrency of [8, 64]) {
      for (const batch of BATCHES) {
        const run = await measure({ backend, batch, concurrency }, N_MAX, `side by side, batch ${batch}`);
        sideBySide.push({ concurrency, batch, wall: run.wall, answersPerSecond: run.answers / run.wall });
        log(`side by side, concurrency ${concurrency}, batch ${batch}: ${run.wall.toFixed(2)} s`);
      }
    }
  } finally {
    await server.stop();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const machine = machineFacts();
const base = wallRows[0];
const speedUp8 = base.perModel / wallRows.find((row) => row.batch === 8).perModel;
const section = `${HEADING}

From \`bench/harness.mjs\` (run alone: \`node bench/harness.mjs\`). ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.load.toFixed(2)}, ${new Date().toISOString().slice(0, 10)}. The synthetic mmlu bank (14,042 items), one four-choice item per bank item, eight simulated LMs (abilities −2 to 2) answering with their 2PL probability; every run is checked (n_max items per model, each recorded answer the simulated LM's own).

### The harness's own cost per answer

CPU time (user + system) of the evaluating process divided by the answers, eight models side by side, MAP, batch 1: selection on the whole bank, estimation, building and hashing the request, scoring, the journal. "In-process backend" looks answers up in a table (no model, no HTTP: the harness alone). The loopback row adds the \`openai\` client and HTTP against the simulated server in another process with no latency. Goal: under 1 ms per answer.

${markdownTable(['backend', 'journal', 'CPU ms per answer', 'answers/s'], overhead)}

### Wall time with 50 ms server latency, n_max ${N_MAX}

Models evaluated one at a time (each with \`--concurrency 8\`): a round trip is ~50 ms whatever the batch, so the time per model falls with the number of rounds, n_max / k. Goal: ≥ 5× faster at batch 8 than at batch 1.

${markdownTable(['--batch', 's per model', 'answers/s', 'speed-up vs batch 1', 'rounds × latency (s)'], wallRows.map((row) => [row.batch, formatNumber(row.perModel), formatNumber(row.answersPerSecond), `×${formatNumber(base.perModel / row.perModel)}`, formatNumber((Math.ceil(N_MAX / row.batch) * LATENCY_MS) / 1000)]))}

The last column is the floor a round trip of exactly ${LATENCY_MS} ms sets (n_max / k rounds); the gap above it is client and server CPU, which a loaded machine stretches (load ${machine.load.toFixed(1)} on ${machine.cores} cores in this run). Goal ×5 at batch 8: ${speedUp8 >= 5 ? 'met' : 'missed'} in this run (×${formatNumber(speedUp8)}; the floor allows ×${formatNumber(Math.ceil(N_MAX) / Math.ceil(N_MAX / 8))}).

All eight models side by side. \`--concurrency\` bounds the requests in flight across all models, so with 8 models and \`--concurrency 8\` the requests of batch 1 already fill every slot and batching cannot add throughput (about concurrency / latency = 160 answers/s); with a bound the server can take (here 64) batching pays off again.

${markdownTable(['--concurrency', '--batch', 'wall s (8 models)', 'answers/s'], sideBySide.map((row) => [row.concurrency, row.batch, formatNumber(row.wall), formatNumber(row.answersPerSecond)]))}
`;
process.stdout.write(section);
if (!quick) {
  const path = join(benchDir, 'RESULTS.md');
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const at = previous.indexOf(HEADING);
  let next;
  if (at < 0) next = `${previous.trimEnd()}\n\n${section}`;
  else {
    const after = previous.indexOf('\n## ', at + HEADING.length);
    const old = previous.slice(at, after < 0 ? undefined : after);
    // the price of batching is measured separately (fluid-replicate --batch, minutes): kept across reruns
    const kept = old.indexOf(BATCHING_HEADING);
    next = previous.slice(0, at) + section + (kept < 0 ? '' : `\n${old.slice(kept).trimEnd()}\n`) + (after < 0 ? '' : previous.slice(after));
  }
  writeAtomically(path, next);
  log(`wrote ${path}`);
}
