// @fluidbench/harness: live adaptive evaluation. Browser-safe; the file journal and items-file reader are in
// '@fluidbench/harness/node'.
export {
  evaluate, evaluationJournalHeader, categoryScoreValues, DEFAULT_CONCURRENCY, DEFAULT_SAMPLE_TEMPERATURE, type EvaluateOptions, type ProgressEvent,
} from './evaluate';
export { evenScoreValues, gradedCategory } from './scoring/graded';
export type { Sampling } from './items/item-kind';
export { fluidBenchmarkingBatched, mostInformative, type BatchedRun } from './batch-selection';
export { resultRecord, type ModelResult } from './result';
export type { Backend, GenerateRequest, ScoreRequest } from './backend';
export { createOpenAIBackend, DEFAULT_TIMEOUT_MS, SCORING_MAX_TOKENS, type OpenAIBackendOptions } from './openai-backend';
export { BackendError, EvaluationAbortedError, HarnessError, JournalError, TRANSIENT_FAILURES, type BackendFailure } from './errors';
export { ITEM_KINDS, ITEM_TYPES, kindOf, type Item } from './items/kinds';
export { MC_MODES, type AskContext, type BaseItem, type FieldReader, type ItemAnswer, type ItemKind, type McMode } from './items/item-kind';
export { multipleChoiceKind, LETTER_MAX_TOKENS, type MultipleChoiceItem } from './items/multiple-choice';
export { generateKind, DEFAULT_GENERATE_MAX_TOKENS, type GenerateItem } from './items/generate';
export { mc2Kind, type Mc2Item } from './items/mc2';
export { multipleContextKind, type MultipleContextItem } from './items/multiple-context';
export { mc2Mass } from './scoring/mc2';
export { alignItems, parseItemsJsonl, ItemsFormatError } from './items/parse-items';
export { characterLength, continuationLogLikelihood, type EchoedLogprobs } from './scoring/continuation';
export { chooseContinuation, normalizationLength, CHOICE_METRICS, type ChoiceMetric } from './scoring/choice';
export { cutAtStop, extractAnswer, isCorrectReply, normalizeAnswer, LAST_NUMBER_PATTERN } from './scoring/extract';
export { letterPrompt, parseLetter, OPTION_LETTERS } from './scoring/letter';
export {
  MemoryJournal, checkJournalHeader, formatJournalLine, journalHeader, parseJournal, JOURNAL_FORMAT, JOURNAL_VERSION,
  type AnswerJournal, type JournalEntry, type JournalHeader, type ParsedJournal,
} from './journal';
export { DEFAULT_RETRY, parseRetryAfter, retryDelay, withRetries, type RetryEvent, type RetryPolicy } from './retry';
export { Limiter } from './limiter';
export { hashJson, hashText } from './hash';
