import { DataFormatError, InvalidArgumentError } from './errors';
import { parseJsonLine, stripByteOrderMark } from './py-irt';
import { DEFAULT_BINARIZE_THRESHOLD } from './tables';

/** One `--log_samples` file of lm-evaluation-harness. */
export interface LmEvalSampleLog {
  /** The JSONL text. */
  text: string;
  /** Task name (`arc_challenge`, `mmlu_anatomy`, ...). Default: taken from `file` (see {@link taskFromSamplesFileName}). */
  task?: string;
  /** File name, for error messages and to infer the task. */
  file?: string;
}

/** Options of {@link responsesFromLmEvalSamples}. */
export interface LmEvalSamplesOptions {
  /** The IRT model's item ids; the result is aligned to them. Ids are `<task>_<doc_id>`. */
  itemIds: readonly string[];
  /** Task name when `logs` is a single text. */
  task?: string;
  /** File name when `logs` is a single text. */
  file?: string;
  /** The per-document metric to read. Default `'acc'`. */
  metric?: string;
  /** Keep only samples whose `filter` field equals this (tasks such as gsm8k log one line per filter). */
  filter?: string;
  /** Map each value to 1 when `≥ threshold`, else 0. Default `true`. */
  binarize?: boolean;
  /** Default `0.5`. */
  threshold?: number;
}

/** What did not match between the logs and the IRT model. */
export interface LmEvalSamplesReport {
  /** Model item ids with no sample in the logs (their responses are NaN). */
  missingInLog: string[];
  /** Sample ids (`<task>_<doc_id>`) that the model does not have (ignored). */
  missingInModel: string[];
}

/** A responses column aligned to an IRT model, with what did not match. */
export interface LmEvalSamplesResult {
  /** `column[i]` is the response to `itemIds[i]`, NaN where the logs have none. */
  column: Float64Array;
  report: LmEvalSamplesReport;
}

const SAMPLES_FILE_NAME = /^samples_(.+?)_(\d{4}-\d{2}-\d{2}T[\d.-]+)\.jsonl$/;

/**
 * The task name in an lm-evaluation-harness sample log's file name (`samples_<task>_<timestamp>.jsonl`),
 * or undefined when the name does not follow that pattern. Directories are ignored.
 *
 * @example
 * ```ts
 * taskFromSamplesFileName('out/samples_arc_challenge_2025-01-31T10-22-05.123456.jsonl'); // returns 'arc_challenge'
 * taskFromSamplesFileName('notes.jsonl'); // returns undefined
 * ```
 */
export function taskFromSamplesFileName(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return SAMPLES_FILE_NAME.exec(base)?.[1];
}

/**
 * Turns lm-evaluation-harness sample logs (`--log_samples`: one JSON line per document with `doc_id` and
 * per-metric values such as `acc`, `acc_norm`) into one responses column aligned to an IRT model whose
 * item ids are `<task>_<doc_id>`. Pass several logs (one per MMLU subject, say) as an array.
 *
 * @throws {DataFormatError} on invalid JSON, a missing `doc_id`, a missing or non-numeric metric, a value
 *   outside [0, 1], or the same document twice (use `filter` for multi-filter tasks).
 * @throws {InvalidArgumentError} when no task is given and none can be read from the file name.
 * @example
 * ```ts
 * const log = '{"doc_id": 0, "acc": 1.0, "acc_norm": 0.0}\n{"doc_id": 2, "acc": 0.0, "acc_norm": 1.0}\n';
 * const { column, report } = responsesFromLmEvalSamples(log, {
 *   task: 'arc_challenge', itemIds: ['arc_challenge_0', 'arc_challenge_1', 'arc_challenge_2'] });
 * column; // returns Float64Array [1, NaN, 0]
 * report; // returns { missingInLog: ['arc_challenge_1'], missingInModel: [] }
 * ```
 */
export function responsesFromLmEvalSamples(
  logs: string | readonly LmEvalSampleLog[],
  options: LmEvalSamplesOptions,
): LmEvalSamplesResult {
  const metric = options.metric ?? 'acc';
  const binarize = options.binarize ?? true;
  const threshold = options.threshold ?? DEFAULT_BINARIZE_THRESHOLD;
  const sources: readonly LmEvalSampleLog[] =
    typeof logs === 'string' ? [{ text: logs, task: options.task, file: options.file }] : logs;

  const rowOf = new Map<string, number>();
  options.itemIds.forEach((id, i) => rowOf.set(id, i));
  const column = new Float64Array(options.itemIds.length).fill(Number.NaN);
  const missingInModel: string[] = [];
  const seenAt = new Map<string, string>();

  for (const source of sources) {
    const file = source.file ?? '<input>';
    const task = source.task ?? (source.file !== undefined ? taskFromSamplesFileName(source.file) : undefined);
    if (task === undefined || task === '') {
      throw new InvalidArgumentError('task', source.file, 'give the task name, or a file named samples_<task>_<timestamp>.jsonl');
    }
    stripByteOrderMark(source.text)
      .split(/\r?\n/)
      .forEach((line, index) => {
        const lineNumber = index + 1;
        if (line.trim() === '') return;
        const record = parseJsonLine(line, file, lineNumber);
        if (options.filter !== undefined && record['filter'] !== options.filter) return;
        const docId = record['doc_id'];
        if (typeof docId !== 'number' && typeof docId !== 'string') {
          throw new DataFormatError(file, lineNumber, 'doc_id', docId, 'missing doc_id');
        }
        const raw = record[metric];
        const number = typeof raw === 'boolean' ? Number(raw) : raw;
        if (typeof number !== 'number' || !(number >= 0 && number <= 1)) {
          const reason = raw === undefined ? `no metric ${JSON.stringify(metric)} in this sample` : 'the metric must be a number in [0, 1]';
          throw new DataFormatError(file, lineNumber, metric, raw, reason);
        }
        const value = binarize ? (number >= threshold ? 1 : 0) : number;
        const id = `${task}_${docId}`;
        const previous = seenAt.get(id);
        if (previous !== undefined) {
          throw new DataFormatError(file, lineNumber, 'doc_id', docId, `document ${id} already read at ${previous} (pass filter to pick one)`);
        }
        seenAt.set(id, `${file} line ${lineNumber}`);
        const row = rowOf.get(id);
        if (row === undefined) missingInModel.push(id);
        else column[row] = value;
      });
  }
  const missingInLog = options.itemIds.filter((_, i) => Number.isNaN(column[i]));
  return { column, report: { missingInLog, missingInModel } };
}
