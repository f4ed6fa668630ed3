// @fluidbench/data: browser-safe entry (no node: imports). Node-only loaders live in '@fluidbench/data/node'.
export { AlignmentError, DataFormatError, FluidDataError, HubError, InvalidArgumentError, UsageError, type HubErrorReason } from './errors';
export {
  choiceArgument,
  closestName,
  listArgument,
  numberArgument,
  parseFlags,
  uniqueListArgument,
  type FlagSpec,
  type FlagValues,
  type NumberRule,
} from './command-line';
export {
  BENCHMARKS,
  DEFAULT_BINARIZE_THRESHOLD,
  LMS,
  PAPER_ITEM_COUNTS,
  isBenchmark,
  isLm,
  type Benchmark,
  type IrtTable,
  type Lm,
  type ResponseTable,
} from './tables';
export {
  parseIrtCsv,
  parseResponsesCsv,
  readIrtCsvBlob,
  readResponsesCsvBlob,
  splitCsvLine,
  type IrtCsvOptions,
  type ResponsesCsvOptions,
} from './csv';
export { csvCell, formatCsv, formatIrtCsv, formatResponsesCsv, type CsvValue } from './csv-write';
export {
  SCORE_MATCH_TOLERANCE,
  checkScoreValues,
  nearestCategory,
  parseCategoryResponsesCsv,
  isPolyIrtTable,
  parseItemBankCsv,
  parsePolyIrtCsv,
  formatPolyIrtCsv,
  parseScoreValues,
  polytomousHeader,
  type CategoryResponsesCsvOptions,
  type PolyIrtCsvOptions,
  type PolyIrtTable,
  type PolyModelName,
} from './poly-irt-csv';
export { benchmarkOfItemId, checkAlignment, filterBenchmark, type AlignmentFiles } from './alignment';
export { selectCheckpoints, selectRows } from './select';
export { formatPyIrtJsonl, parsePyIrtJsonl, type PyIrtJsonlOptions } from './py-irt';
export {
  responsesFromLmEvalSamples,
  taskFromSamplesFileName,
  type LmEvalSampleLog,
  type LmEvalSamplesOptions,
  type LmEvalSamplesReport,
  type LmEvalSamplesResult,
} from './lm-eval-samples';
export {
  DATASET_FILES,
  DATASET_REPO,
  DEFAULT_HUB_URL,
  ITEM_MAP_PATH,
  LEADERBOARD_RESULTS_PATH,
  datasetContents,
  datasetFileUrl,
  datasetName,
  fetchDatasetText,
  fetchIrtModel,
  fetchLmEvalResults,
  irtModelPath,
  lmEvalResultsPath,
  parseItemMap,
  parseLeaderboardResults,
  type FetchDatasetOptions,
  type LeaderboardResults,
} from './dataset';
export { PythonRandom } from './python-random';
export { formatItemsJsonl, type GenerateItem, type LiveItem, type Mc2Item, type MultipleChoiceItem, type MultipleContextItem } from './live-items';
export { BENCHMARK_SOURCES, type BenchmarkSource } from './benchmark-sources';
export {
  ARC_TASK,
  GSM8K_ANSWER_PATTERN,
  GSM8K_TASK,
  GSM8K_UNTIL,
  HELLASWAG_TASK,
  LEADERBOARD_TASKS,
  MMLU_TASK,
  TRUTHFULQA_QA_PROMPT,
  TRUTHFULQA_TASK,
  WINOGRANDE_TASK,
  hellaswagPreprocess,
  pythonStrip,
  type LeaderboardTask,
} from './leaderboard-tasks';
export { ITEM_CHOICE_FIELDS, ITEM_TEXT_FIELDS, joinItems, normalizeItemText, readItemMapEntry, type ItemMapEntry, type JoinReport, type JoinResult } from './item-join';
export { HARNESS_SEED, buildBenchmarkItems, type BuildItemsInput, type ItemsReport } from './benchmark-items';
export type { SourceRows } from './source-rows';
export { meanLeaderboardAbility } from './leaderboard-start';
