import { defineCommand } from 'citty';
import { InvalidArgumentError, ItemBank, initSync, type AnyItemBank } from '@fluidbench/core';
import {
  BackendError, EvaluationAbortedError, FileJournal, MC_MODES, alignItems, categoryScoreValues, createOpenAIBackend, evaluate, evaluationJournalHeader, readItemsFile, resultRecord,
  type EvaluateOptions, type Item, type ModelResult, type ProgressEvent,
} from '@fluidbench/harness/node';
import { loadBenchmarkEvaluations } from './eval-benchmark';
import { polyArgs, readAnyBank } from '../poly-inputs';
import { FORMATS, choiceArg, estimatorArg, integerArg, listOf, numberArg } from '../inputs';
import { emit, log, reportErrors, table } from '../output';

/** Exit status when the server keeps failing (input errors exit 2, Ctrl-C 130). */
const EXIT_BACKEND = 1;
const EXIT_INTERRUPTED = 130;
const PROGRESS_INTERVAL_MS = 200;

/** `fluid eval`: live adaptive evaluation of models behind an OpenAI-compatible endpoint. */
export const evalCommand = defineCommand({
  meta: { name: 'eval', description: 'ask live models (OpenAI-compatible endpoint) only the items the adaptive test selects' },
  args: {
    irt: { type: 'string', description: 'IRT model CSV: item id, a, b (optional c, d), or a graded bank (GRM, GPCM, PCM)' },
    'irt-model': { type: 'string', description: polyArgs.model.description },
    'score-values': polyArgs['score-values'],
    samples: { type: 'string', description: 'k-of-n: replies sampled per generative item, scored k/n (graded banks: category k when the item has n + 1 categories)', default: '1' },
    temperature: { type: 'string', description: 'sampling temperature with --samples > 1', default: '1' },
    items: { type: 'string', description: 'items JSONL: one item a line (multiple_choice, generate, mc2, multiple_context), ids as in --irt' },
    benchmark: { type: 'string', description: "instead of --irt/--items: the paper's benchmark(s), comma-separated (arc_challenge, gsm8k, hellaswag, mmlu, truthfulqa_mc2, winogrande)" },
    revision: { type: 'string', description: 'with --benchmark: dataset revision (branch or commit)', default: 'main' },
    shots: { type: 'string', description: "with --benchmark: few-shot examples per prompt (default the leaderboard's)" },
    'base-url': { type: 'string', description: 'the server\'s API root, e.g. http://localhost:8000/v1', required: true },
    model: { type: 'string', multiple: true, description: 'model name as the server knows it (repeat or comma-separate for several)', required: true },
    'n-max': { type: 'string', description: 'item budget per model', default: '500' },
    'min-se': { type: 'string', description: 'stop once the standard error falls below S' },
    start: { type: 'string', description: 'starting ability (default 0; with --benchmark the leaderboard mean ability, as the paper)' },
    estimator: { type: 'string', description: 'map | mle | eap | wle', default: 'map' },
    batch: { type: 'string', description: 'items asked at once per model (top-k by information)', default: '1' },
    concurrency: { type: 'string', description: 'requests in flight across all models', default: '8' },
    'mc-mode': { type: 'string', description: 'loglikelihood (echo + logprobs) | generate (ask for the letter)', default: 'loglikelihood' },
    journal: { type: 'string', description: 'answer journal (JSONL): every answer is kept; a rerun resumes and re-asks nothing' },
    fresh: { type: 'boolean', description: 'start the journal over instead of resuming it', default: false },
    'api-key-env': { type: 'string', description: 'environment variable holding the API key (none needed for a local server)', default: 'OPENAI_API_KEY' },
    timeout: { type: 'string', description: 'seconds per request', default: '300' },
    'max-retries': { type: 'string', description: 'retries of a request after 429, 5xx, timeouts or malformed responses', default: '5' },
    'output-format': { type: 'string', alias: 'format', description: 'jsonl | table (--format is the old spelling)', default: 'jsonl' },
    out: { type: 'string', description: 'write results to FILE (atomically) instead of stdout' },
    quiet: { type: 'boolean', description: 'no progress or logs on stderr', default: false },
  },
  run: ({ args, rawArgs }) =>
    reportErrors(async () => {
      const format = choiceArg('output-format', args['output-format'], FORMATS);
      const models = [...new Set(listOf(repeated(rawArgs, 'model')))];
      if (!models.length) throw new InvalidArgumentError('--model', args.model, 'name at least one model');
      const minSe = nonNegative('min-se', args['min-se'], 0);
      const timeout = numberArg('timeout', args.timeout, 300)!;
      if (!(timeout > 0)) throw new InvalidArgumentError('--timeout', args.timeout, 'must be > 0 seconds');
      const settings = {
        nMax: integerArg('n-max', args['n-max'], 500, 1),
        minSe,
        estimator: estimatorArg(args.estimator),
        batch: integerArg('batch', args.batch, 1, 1),
        concurrency: integerArg('concurrency', args.concurrency, 8, 1),
        mcMode: choiceArg('mc-mode', args['mc-mode'], MC_MODES),
        samples: integerArg('samples', args.samples, 1, 1),
        temperature: nonNegative('temperature', args.temperature, 1),
        retry: { maxRetries: integerArg('max-retries', args['max-retries'], 5, 0) },
      };
      const keyVariable = args['api-key-env'];
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyVariable)) throw new InvalidArgumentError('--api-key-env', keyVariable, 'must be an environment variable name');
      const baseURL = args['base-url'];
      if (!/^https?:\/\//.test(baseURL)) throw new InvalidArgumentError('--base-url', baseURL, 'must be an http(s) URL');

      if (args.benchmark !== undefined && (args.irt !== undefined || args.items !== undefined)) {
        throw new InvalidArgumentError('--benchmark', args.benchmark, 'give either --benchmark or --irt and --items, not both');
      }
      if (args.benchmark !== undefined && args['score-values'] !== undefined) {
        throw new InvalidArgumentError('--score-values', args['score-values'], "the paper's benchmarks have 1–4PL banks; score values are for graded banks");
      }
      if (args.benchmark === undefined && (!args.irt || !args.items)) {
        throw new InvalidArgumentError('--irt/--items', args.irt ?? args.items ?? '', 'give both --irt and --items, or --benchmark');
      }
      const shots = args.shots === undefined ? undefined : integerArg('shots', args.shots, 0, 0);
      initSync();
      const targets: EvaluationTarget[] = args.benchmark !== undefined
        ? (await loadBenchmarkEvaluations(args.benchmark, { revision: args.revision, quiet: args.quiet, shots })).map((loaded, _, all) => {
            if (loaded.leftOut > 0) log(args.quiet, `fluid eval: ${loaded.benchmark}: ${loaded.leftOut} item(s) of the bank have no gold answer and are left out (see \`fluid data items\`)`);
            const journalFile = args.journal && all.length > 1 ? journalFor(args.journal, loaded.benchmark) : args.journal;
            return { benchmark: loaded.benchmark, bank: loaded.bank, items: loaded.items, start: numberArg('start', args.start, loaded.start)!, journalFile };
          })
        : [await fileTarget(args.irt!, args.items!, numberArg('start', args.start, 0)!, args.journal, { model: args['irt-model'], 'score-values': args['score-values'] })];
      const backend = createOpenAIBackend({ baseURL, apiKey: process.env[keyVariable], timeout: timeout * 1000 });
      const controller = new AbortController();
      const interrupt = () => controller.abort();
      process.once('SIGINT', interrupt);
      process.once('SIGTERM', interrupt);
      const records: Labeled[] = [];
      try {
        for (const target of targets) {
          const options: EvaluateOptions = {
            bank: target.bank, items: target.items, backend, models, ...settings, scoreValues: target.scoreValues, start: target.start, signal: controller.signal,
          };
          const journal = target.journalFile ? FileJournal.open(target.journalFile, evaluationJournalHeader(options), { fresh: args.fresh }) : undefined;
          const resumed = journal?.size ?? 0;
          const label = target.benchmark ? `${target.benchmark}: ` : '';
          log(args.quiet, `fluid eval: ${label}${models.length} model(s), ${target.bank.size} items, n_max ${settings.nMax}, start ${target.start}, batch ${settings.batch}, concurrency ${settings.concurrency}${journal ? `, journal ${target.journalFile} (${resumed} answer(s) kept)` : ''}`);
          const progress = progressLine(args.quiet, models.length);
          try {
            const results = await evaluate({ ...options, journal, onProgress: progress?.update });
            records.push(...results.map((result) => ({ benchmark: target.benchmark, result })));
          } catch (error) {
            const kept = journal ? target.journalFile : undefined;
            if (EvaluationAbortedError.isInstance(error)) {
              process.stderr.write(`fluid: interrupted: ${(error as Error).message}${kept ? `; ${kept} keeps every answer, rerun to resume` : ''}\n`);
              process.exitCode = EXIT_INTERRUPTED;
              return;
            }
            if (BackendError.isInstance(error)) {
              process.stderr.write(`fluid: ${label}${(error as Error).message}${kept ? ` (${kept} keeps every answer so far)` : ''}\n`);
              process.exitCode = EXIT_BACKEND;
              return;
            }
            throw error;
          } finally {
            progress?.finish();
            journal?.close();
          }
        }
        emit(format === 'jsonl' ? toJsonl(records) : toTable(records), args.out);
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
      }
    }),
});

/**
 * Every value of a flag given several times (`--model a --model b`, `--model=c`); the parser keeps only the last.
 *
 * @example
 * ```ts
 * repeated(['--model', 'a', '--model=b'], 'model'); // returns ['a', 'b']
 * ```
 */
export function repeated(rawArgs: readonly string[], flag: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i];
    if (arg === '--') break;
    if (arg === `--${flag}` && i + 1 < rawArgs.length) values.push(rawArgs[++i]);
    else if (arg.startsWith(`--${flag}=`)) values.push(arg.slice(flag.length + 3));
  }
  return values;
}

/** One bank and its items: from --irt/--items, or one benchmark of --benchmark. */
interface EvaluationTarget {
  /** Set with --benchmark: the results name it. */
  benchmark?: string;
  bank: AnyItemBank;
  /** Graded banks: --score-values, else the fork's metadata beside the bank (else k/K_j in evaluate). */
  scoreValues?: readonly number[];
  items: Item[];
  start: number;
  journalFile: string | undefined;
}

/** A result and the benchmark it is for (undefined with --irt/--items). */
interface Labeled {
  benchmark: string | undefined;
  result: ModelResult;
}

async function fileTarget(
  irtFile: string, itemsFile: string, start: number, journalFile: string | undefined, graded: { model?: string; 'score-values'?: string },
): Promise<EvaluationTarget> {
  const read = await readAnyBank(irtFile, graded);
  const bank = read.bank ?? new ItemBank(read.irt);
  const scoreValues = read.bank ? read.scoreValues : undefined;
  categoryScoreValues(bank, scoreValues, '--score-values');
  const items = readItemsFile(itemsFile);
  alignItems(items, bank.ids, { items: itemsFile, irt: irtFile });
  return { bank, scoreValues, items, start, journalFile };
}

function nonNegative(flag: string, value: string | undefined, fallback: number): number {
  const number = numberArg(flag, value, fallback)!;
  if (!(number >= 0)) throw new InvalidArgumentError(`--${flag}`, value, 'must be ≥ 0');
  return number;
}

/**
 * With several benchmarks, one journal each: `run.jsonl` becomes `run.mmlu.jsonl` (a journal belongs to one
 * bank and its items).
 */
function journalFor(file: string, benchmark: string): string {
  const dot = file.lastIndexOf('.');
  return dot > file.lastIndexOf('/') && dot > 0 ? `${file.slice(0, dot)}.${benchmark}${file.slice(dot)}` : `${file}.${benchmark}`;
}

/** Progress on stderr: models done, answers, answers/s, retries; only on a terminal and when not quiet. */
function progressLine(quiet: boolean, nModels: number) {
  if (quiet || !process.stderr.isTTY) return undefined;
  const started = Date.now();
  let answers = 0;
  let retries = 0;
  let done = 0;
  let shown = 0;
  const draw = () => {
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`\r\x1b[K${done}/${nModels} model(s) done, ${answers} answer(s) (${(answers / Math.max(seconds, 1e-3)).toFixed(1)}/s), ${retries} retr${retries === 1 ? 'y' : 'ies'}`);
  };
  return {
    update(event: ProgressEvent) {
      if (event.type === 'answer') answers++;
      else if (event.type === 'retry') retries++;
      else done++;
      if (Date.now() - shown >= PROGRESS_INTERVAL_MS || event.type === 'done') {
        shown = Date.now();
        draw();
      }
    },
    finish() {
      if (shown) process.stderr.write('\n');
    },
  };
}

function toJsonl(records: Labeled[]): string {
  return records.map(({ benchmark, result }) => `${JSON.stringify(benchmark ? { benchmark, ...resultRecord(result) } : resultRecord(result))}\n`).join('');
}

function toTable(records: Labeled[]): string {
  const labeled = records.some(({ benchmark }) => benchmark !== undefined);
  return table(
    [...(labeled ? ['benchmark'] : []), 'model', 'items', 'ability', 'se', 'accuracy', 'expected acc.', 'requests', 'seconds', 'stop'],
    records.map(({ benchmark, result: r }) => [
      ...(labeled ? [benchmark ?? ''] : []), r.model, r.items.length, r.abilities.at(-1)?.toFixed(4) ?? '', r.se.at(-1)?.toFixed(4) ?? '', r.accuracy.toFixed(4), r.expectedAccuracy.toFixed(4), r.requests, r.seconds.toFixed(1), r.stopReason,
    ]),
  );
}
