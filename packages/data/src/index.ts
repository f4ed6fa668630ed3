// @fluidbench/data: browser-safe entry (no node: imports). Node-only loaders live in '@fluidbench/data/node'.
export { AlignmentError, DataFormatError, FluidDataError, HubError, InvalidArgumentError, type HubErrorReason } from './errors';
export {
  BENCHMARKS,
  DEFAULT_BINARIZE_THRESHOLD,
  LMS,
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
  type IrtCsvOptions,
  type ResponsesCsvOptions,
} from './csv';
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
  datasetFileUrl,
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
