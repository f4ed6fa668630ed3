export { init, initSync, isInitialized, instantiate } from './module';
export { FluidError, InvalidArgumentError, DimensionError, IrtWasmError, NotInitializedError, errorMarker } from './errors';
export type { InitOptions, IrtExports } from './module';
export { IrtEngine, DEFAULT_ENGINE_OPTIONS } from './engine';
export type {
  BankArrays, EngineOptions, EstimatorName, ReplayOutput, ReplaySettings, ResolvedEngineOptions, SelectorName, StopReason,
} from './engine';
export { Region, EstimatorCode, SelectorCode, StopCode, PolyRegion, PolyModelCode } from './layout';
export { IrtFitter, FitRegion, ResponseCode, ItemFlag } from './fit';
export type { FitItemSettings, FitProgress, Hyperparameters } from './fit';
export { CriterionCode, CRITERIA, DEFAULT_GRID, MAX_GRID_POINTS, smallestWins } from './criteria';
export type { CriterionName, QuadratureGrid } from './criteria';
export { PolyEngine } from './poly-engine';
export type { PolyBankArrays, PolyModel } from './poly-engine';
export { PolyFitter, PolyFitRegion, CategoryCode } from './poly-fit';
export type { PolyFitItems, PolyFitSettings } from './poly-fit';
