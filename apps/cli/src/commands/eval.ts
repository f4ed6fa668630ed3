import { readFileSync } from 'node:fs';
import { defineCommand } from 'citty';
import { InvalidArgumentError, ItemBank, initSync } from '@fluidbench/core';
import { parseIrtCsv } from '@fluidbench/data';
import {
  BackendError, EvaluationAbortedError, FileJournal, MC_MODES, createOpenAIBackend, evaluate, evaluationJournalHeader, readItemsFile, resultRecord,
  type EvaluateOptions, type ModelResult, type ProgressEvent,
} from '@fluidbench/harness/node';
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
    irt: { type: 'string', description: 'IRT model CSV: item id, a, b (optional c, d)', required: true },
    items: { type: 'string', description: 'items JSONL: one multiple_choice or generate item a line, ids as in --irt', required: true },
    'base-url': { type: 'string', description: 'the server\'s API root, e.g. http://localhost:8000/v1', required: true },
    model: { type: 'string', description: 'model name as the server knows it (repeat or comma-separate for several)', required: true },
    'n-max': { type: 'string', description: 'item budget per model', default: '500' },
    'min-se': { type: 'string', description: 'stop once the standard error falls below S' },
    start: { type: 'string', description: 'starting ability', default: '0' },
    estimator: { type: 'string', description: 'map | mle | eap | wle', default: 'map' },
    batch: { type: 'string', description: 'items asked at once per model (top-k by information)', default: '1' },
    concurrency: { type: 'string', description: 'requests in flight across all models', default: '8' },
    'mc-mode': { type: 'string', description: 'loglikelihood (echo + logprobs) | generate (ask for the letter)', default: 'loglikelihood' },
    journal: { type: 'string', description: 'answer journal (JSONL): every answer is kept; a rerun resumes and re-asks nothing' },
    fresh: { type: 'boolean', description: 'start the journal over instead of resuming it', default: false },
    'api-key-env': { type: 'string', description: 'environment variable holding the API key (none needed for a local server)', default: 'OPENAI_API_KEY' },
    timeout: { type: 'string', description: 'seconds per request', default: '300' },
    'max-retries': { type: 'string', description: 'retries of a request after 429, 5xx, timeouts or malformed responses', default: '5' },
    format: { type: 'string', description: 'jsonl | table', default: 'jsonl' },
    out: { type: 'string', description: 'write results to FILE (atomically) instead of stdout' },
    quiet: { type: 'boolean', description: 'no progress or logs on stderr', default: false },
  },
  run: ({ args, rawArgs }) =>
    reportErrors(async () => {
      const format = choiceArg('format', args.format, FORMATS);
      const models = [...new Set(listOf(repeated(rawArgs, 'model')))];
      if (!models.length) throw new InvalidArgumentError('--model', args.model, 'name at least one model');
      const minSe = numberArg('min-se', args['min-se'], 0)!;
      if (minSe < 0) throw new InvalidArgumentError('--min-se', args['min-se'], 'must be ≥ 0');
      const timeout = numberArg('timeout', args.timeout, 300)!;
      if (!(timeout > 0)) throw new InvalidArgumentError('--timeout', args.timeout, 'must be > 0 seconds');
      const settings = {
        nMax: integerArg('n-max', args['n-max'], 500, 1),
        minSe,
        start: numberArg('start', args.start, 0)!,
        estimator: estimatorArg(args.estimator),
        batch: integerArg('batch', args.batch, 1, 1),
        concurrency: integerArg('concurrency', args.concurrency, 8, 1),
        mcMode: choiceArg('mc-mode', args['mc-mode'], MC_MODES),
        retry: { maxRetries: integerArg('max-retries', args['max-retries'], 5, 0) },
      };
      const keyVariable = args['api-key-env'];
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyVariable)) throw new InvalidArgumentError('--api-key-env', keyVariable, 'must be an environment variable name');
      const baseURL = args['base-url'];
      if (!/^https?:\/\//.test(baseURL)) throw new InvalidArgumentError('--base-url', baseURL, 'must be an http(s) URL');

      initSync();
      const bank = new ItemBank(parseIrtCsv(readFileSync(args.irt, 'utf8'), { file: args.irt }));
      const items = readItemsFile(args.items);
      const backend = createOpenAIBackend({ baseURL, apiKey: process.env[keyVariable], timeout: timeout * 1000 });
      const controller = new AbortController();
      const options: EvaluateOptions = { bank, items, backend, models, ...settings, signal: controller.signal };
      checkIds(options, args.items, args.irt);
      const journal = args.journal ? FileJournal.open(args.journal, evaluationJournalHeader(options), { fresh: args.fresh }) : undefined;
      const resumed = journal?.size ?? 0;
      log(args.quiet, `fluid eval: ${models.length} model(s), ${bank.size} items, n_max ${settings.nMax}, batch ${settings.batch}, concurrency ${settings.concurrency}${journal ? `, journal ${args.journal} (${resumed} answer(s) kept)` : ''}`);
      const progress = progressLine(args.quiet, models.length);
      const interrupt = () => controller.abort();
      process.once('SIGINT', interrupt);
      process.once('SIGTERM', interrupt);
      try {
        const results = await evaluate({ ...options, journal, onProgress: progress?.update });
        progress?.finish();
        emit(format === 'jsonl' ? toJsonl(results) : toTable(results), args.out);
      } catch (error) {
        progress?.finish();
        if (error instanceof EvaluationAbortedError || EvaluationAbortedError.prototype.isPrototypeOf(error as object)) {
          process.stderr.write(`fluid: interrupted: ${(error as Error).message}${journal ? `; ${args.journal} keeps every answer, rerun to resume` : ''}\n`);
          process.exitCode = EXIT_INTERRUPTED;
          return;
        }
        if (BackendError.isInstance(error)) {
          process.stderr.write(`fluid: ${(error as Error).message}${journal ? ` (${args.journal} keeps every answer so far)` : ''}\n`);
          process.exitCode = EXIT_BACKEND;
          return;
        }
        throw error;
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
        journal?.close();
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

/** Items and bank must list the same ids: checked (with the file names) before any request. */
function checkIds(options: EvaluateOptions, itemsFile: string, irtFile: string): void {
  const ids = new Set(options.items.map((item) => item.id));
  const missing = options.bank.ids.filter((id) => !ids.has(id));
  const bankIds = new Set(options.bank.ids);
  const extra = options.items.filter((item) => !bankIds.has(item.id)).map((item) => item.id);
  if (missing.length || extra.length) {
    const head = (list: string[]) => (list.length > 5 ? `${list.slice(0, 5).join(', ')}, … ${list.length} in all` : list.join(', '));
    const parts = [missing.length ? `${missing.length} item(s) of ${irtFile} are not in ${itemsFile} (${head(missing)})` : '', extra.length ? `${extra.length} item(s) of ${itemsFile} are not in ${irtFile} (${head(extra)})` : ''];
    throw new InvalidArgumentError('--items', itemsFile, parts.filter(Boolean).join('; '));
  }
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

function toJsonl(results: ModelResult[]): string {
  return results.map((result) => `${JSON.stringify(resultRecord(result))}\n`).join('');
}

function toTable(results: ModelResult[]): string {
  return table(
    ['model', 'items', 'ability', 'se', 'accuracy', 'expected acc.', 'requests', 'seconds', 'stop'],
    results.map((r) => [
      r.model, r.items.length, r.abilities.at(-1)?.toFixed(4) ?? '', r.se.at(-1)?.toFixed(4) ?? '', r.accuracy.toFixed(4), r.expectedAccuracy.toFixed(4), r.requests, r.seconds.toFixed(1), r.stopReason,
    ]),
  );
}
