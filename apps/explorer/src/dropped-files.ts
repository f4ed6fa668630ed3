// The user's own files: an IRT CSV with a responses CSV, or with lm-evaluation-harness `--log_samples` logs.
// Parsed with @fluidbench/data's parsers, so a bad file gives the CLI's one-line message.
import {
  DataFormatError,
  InvalidArgumentError,
  checkAlignment,
  parseIrtCsv,
  parseResponsesCsv,
  responsesFromLmEvalSamples,
  taskFromSamplesFileName,
  type IrtTable,
} from '@fluidbench/data';

/** A dropped file's name and text. */
export interface NamedText {
  name: string;
  text: string;
}

/** What the files give: a bank and one response column per checkpoint, aligned, with notes for the page. */
export interface DroppedData {
  label: string;
  irt: IrtTable;
  checkpoints: string[];
  columns: Float64Array[];
  notes: string[];
}

const SAMPLES_TIMESTAMP = /_(\d{4}-\d{2}-\d{2}T[\d.-]+)\.jsonl$/;
/** Notes list at most this many ids before saying "and N more". */
const LISTED_IDS = 3;

/**
 * True when a CSV's header names the `a` and `b` columns of an IRT model (the first column is the id).
 *
 * @example
 * ```ts
 * isIrtHeader(',a,b\nq_0,1,0'); // returns true
 * isIrtHeader(',step1,step2\nq_0,1,0'); // returns false
 * ```
 */
export function isIrtHeader(text: string): boolean {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].split(',').slice(1).map((cell) => cell.trim().replace(/^"|"$/g, ''));
  return header.includes('a') && header.includes('b');
}

/**
 * Reads dropped files: exactly one IRT CSV (columns `a`, `b`), plus either one responses CSV (one column per
 * checkpoint, rows in the IRT model's order) or `samples_<task>_<timestamp>.jsonl` logs (one checkpoint per
 * timestamp, that is per lm-eval run; items are `<task>_<doc_id>`).
 *
 * @throws {DataFormatError | AlignmentError | InvalidArgumentError} with the CLI's one-line message.
 * @example
 * ```ts
 * const data = readDroppedFiles([
 *   { name: 'irt.csv', text: ',a,b\nq_0,1,0\nq_1,2,1\n' },
 *   { name: 'lm.csv', text: ',step1,step2\nq_0,0,1\nq_1,0,1\n' },
 * ]);
 * data.checkpoints; // returns ['step1', 'step2']
 * ```
 */
export function readDroppedFiles(files: readonly NamedText[]): DroppedData {
  const unknown = files.find((file) => !/\.(csv|jsonl)$/i.test(file.name));
  if (unknown) throw new InvalidArgumentError('file', unknown.name, 'expected a .csv (IRT model or responses) or an lm-eval-harness samples_*.jsonl file');
  const csvs = files.filter((file) => /\.csv$/i.test(file.name));
  const logs = files.filter((file) => /\.jsonl$/i.test(file.name));
  const irtFiles = csvs.filter((file) => isIrtHeader(file.text));
  if (irtFiles.length !== 1) {
    const names = (irtFiles.length ? irtFiles : csvs).map((file) => file.name).join(', ') || 'none';
    throw new InvalidArgumentError(
      'files',
      names,
      irtFiles.length === 0 ? 'no IRT model among them: drop a CSV with an id column and columns a and b' : 'drop one IRT model at a time',
    );
  }
  const irtFile = irtFiles[0];
  const irt = parseIrtCsv(irtFile.text, { file: irtFile.name });
  const responseFiles = csvs.filter((file) => file !== irtFile);
  if (responseFiles.length > 1 || (responseFiles.length === 1 && logs.length > 0) || (responseFiles.length === 0 && logs.length === 0)) {
    throw new InvalidArgumentError(
      'files',
      [...responseFiles, ...logs].map((file) => file.name).join(', ') || 'none',
      'with the IRT model, drop one responses CSV or lm-eval-harness samples_<task>_<timestamp>.jsonl logs',
    );
  }
  if (responseFiles.length === 1) {
    const file = responseFiles[0];
    const responses = parseResponsesCsv(file.text, { file: file.name });
    checkAlignment(irt.ids, responses.ids, { irtFile: irtFile.name, responsesFile: file.name });
    return { label: `${irtFile.name} × ${file.name}`, irt, checkpoints: responses.checkpoints, columns: responses.columns, notes: [] };
  }
  return fromSampleLogs(irtFile.name, irt, logs);
}

function fromSampleLogs(irtName: string, irt: IrtTable, logs: NamedText[]): DroppedData {
  const runs = new Map<string, NamedText[]>();
  for (const log of logs) {
    const timestamp = SAMPLES_TIMESTAMP.exec(log.name)?.[1];
    if (!taskFromSamplesFileName(log.name) || timestamp === undefined) {
      throw new InvalidArgumentError('file', log.name, 'an lm-eval-harness log is named samples_<task>_<timestamp>.jsonl');
    }
    runs.set(timestamp, [...(runs.get(timestamp) ?? []), log]);
  }
  const checkpoints = [...runs.keys()].sort();
  const notes: string[] = [];
  const columns = checkpoints.map((checkpoint) => {
    const { column, report } = responsesFromLmEvalSamples(
      runs.get(checkpoint)!.map((log) => ({ text: log.text, file: log.name })),
      { itemIds: irt.ids },
    );
    if (report.missingInLog.length === irt.ids.length) {
      throw new DataFormatError(runs.get(checkpoint)![0].name, undefined, undefined, undefined, `no sample matches an item of ${irtName} (ids are <task>_<doc_id>)`);
    }
    if (report.missingInLog.length) notes.push(`${checkpoint}: ${describeIds(report.missingInLog)} of ${irtName} not in the logs (left out)`);
    if (report.missingInModel.length) notes.push(`${checkpoint}: ${describeIds(report.missingInModel)} of the logs not in ${irtName} (ignored)`);
    return column;
  });
  return { label: `${irtName} × ${logs.length} lm-eval log${logs.length === 1 ? '' : 's'}`, irt, checkpoints, columns, notes };
}

function describeIds(ids: string[]): string {
  const listed = ids.slice(0, LISTED_IDS).join(', ');
  return ids.length > LISTED_IDS ? `${ids.length} items (${listed}, …)` : `${ids.length === 1 ? 'item' : 'items'} ${listed}`;
}
