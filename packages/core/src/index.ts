export { init, initSync, isInitialized, NotInitializedError, DEFAULT_ENGINE_OPTIONS } from '@fluidbench/irt-wasm';
export type { EngineOptions, InitOptions } from '@fluidbench/irt-wasm';
export { FluidError, InvalidArgumentError, DimensionError, SessionStateError } from './errors';
export { ItemBank } from './item-bank';
export type { ItemColumns, ItemRow } from './item-bank';
export type { Estimator, Selector, StopReason, RunOptions } from './options';
export { ESTIMATORS, SELECTORS, DEFAULT_RUN, normalizeResponses } from './options';
export { fluidBenchmarking, fluidBenchmarkingMany } from './fluid-benchmarking';
export type { FluidResult } from './fluid-benchmarking';
export { AdaptiveTest } from './adaptive-test';
export type { AdaptiveTestState, AdaptiveTestJSON } from './adaptive-test';
export {
  SAMPLE_SIZES, fullAccuracy, fullAbility, randomAccuracy, randomAbility, abilityMany, randomSubsets, iterateEvals,
} from './evaluation';
export type { AbilityOptions, IterateEvalsResult } from './evaluation';
export { SeededRandom, sampleWithoutReplacement } from './random';
export { rankAmong, rankDistance, totalVariation, averageRanks, spearman, pearson, monotonicity, seStoppingThreshold, itemsToReachSe } from './metrics';
export { fit2PL, FIT_METHODS } from './fit';
export type { Fit2PLOptions, Fit2PLResult, FitIteration, FitMethod } from './fit';
export { nextItem, selectionValues, resolveGrid, CRITERIA, DEFAULT_GRID } from './selection';
export type { Criterion, SelectionState, SelectionOptions, QuadratureGrid } from './selection';
export { parseStopExpression, firedRule, checkStopRule } from './stopping';
export type { StopRule, StopCondition, StopOptions, StopRuleName } from './stopping';
export { mmluSubject, resolveContent } from './content';
export type { ContentOptions, ContentPlan } from './content';
export type { ExposureOptions } from './exposure';
export type { StartRule } from './start-rule';
