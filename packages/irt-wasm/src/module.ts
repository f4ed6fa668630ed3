import { WASM_BASE64 } from './generated/wasm-bytes';
import { IrtWasmError, NotInitializedError } from './errors';

/** The raw exports of the engine's WebAssembly instance (see assembly/layout.ts for the memory layout). */
export interface IrtExports {
  readonly memory: WebAssembly.Memory;
  configure(nItems: number, maxSteps: number, nColumns: number, nNodes: number): number;
  pointer(region: number): number;
  capacityItems(): number;
  capacitySteps(): number;
  capacityColumns(): number;
  capacityNodes(): number;
  setOptions(
    D: number, mean: number, sd: number, lo: number, hi: number, tolerance: number,
    newtonSteps: number, halvings: number, bisections: number, nodes: number, priorKind: number,
  ): void;
  prepareBank(nItems: number): void;
  probability(a: number, b: number, c: number, d: number, D: number, theta: number): number;
  informationBank(theta: number): void;
  testInformation(k: number, theta: number): number;
  logLikelihood(k: number, theta: number): number;
  selectMaxInformation(theta: number): number;
  selectMaxInformationFullScan(theta: number): number;
  criterionValues(criterion: number, k: number, theta: number, estimator: number, gridPoints: number, gridLo: number, gridHi: number): number;
  lastValueScale(): number;
  itemLocations(peak: number): void;
  itemInformation(item: number, theta: number): number;
  scoreAt(k: number, theta: number, precision: number): number;
  wleScore(k: number, theta: number): number;
  estimateAdministered(k: number, start: number, estimator: number): number;
  lastSe(): number;
  estimateColumns(firstColumn: number, count: number, subsetSize: number, start: number, estimator: number): void;
  replay(column: number, slot: number, nMax: number, start: number, estimator: number, selector: number, minSe: number): number;
  replayColumns(firstColumn: number, count: number, nMax: number, start: number, estimator: number, selector: number, minSe: number): void;
  layoutEnd(): number;
  fitConfigure(nItems: number, nSubjects: number, nNodes: number, nRight: number, nMissing: number): void;
  fitPointer(region: number): number;
  fitPrepare(): number;
  fitSetOptions(
    allowNegative: number, minA: number, maxA: number, maxAbsB: number,
    priorA: number, meanLogA: number, sdLogA: number, priorB: number, meanB: number, sdB: number,
    itemSteps: number, itemTolerance: number,
  ): void;
  emStart(): number;
  emIteration(): number;
  emAbilities(): void;
  fitStandardErrors(): void;
  hierarchicalStart(): void;
  hierarchicalSweep(abilitySteps: number, itemSteps: number): number;
  polyFitConfigure(nItems: number, nSubjects: number, nNodes: number, nThresholds: number, maxCategories: number): void;
  polyFitPointer(region: number): number;
  polyFitSetOptions(
    model: number, freeSlope: number, minA: number, maxA: number, maxAbsThreshold: number,
    priorA: number, meanLogA: number, sdLogA: number, priorT: number, meanT: number, sdT: number, steps: number, tolerance: number,
  ): void;
  polyFitProject(): void;
  polyEmStart(): number;
  polyEmIteration(): number;
  polyFitStandardErrors(): void;
}

/** Where to load the WebAssembly module from; the embedded bytes when omitted. */
export interface InitOptions {
  /** A URL (fetched; served as `application/wasm` for streaming), the module's bytes, or a compiled module. */
  wasm?: URL | string | BufferSource | WebAssembly.Module;
}

let compiled: WebAssembly.Module | undefined;
let pending: Promise<void> | undefined;

function embeddedBytes(): Uint8Array<ArrayBuffer> {
  const binary = atob(WASM_BASE64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function compileFrom(source: InitOptions['wasm']): Promise<WebAssembly.Module> {
  if (source === undefined) return WebAssembly.compile(embeddedBytes());
  if (source instanceof WebAssembly.Module) return source;
  if (typeof source === 'string' || source instanceof URL) {
    const response = await fetch(source);
    if (!response.ok) throw new IrtWasmError(`could not load the WebAssembly module from ${String(source)}: HTTP ${response.status}`);
    if (response.headers.get('content-type')?.startsWith('application/wasm')) {
      return WebAssembly.compileStreaming(response);
    }
    return WebAssembly.compile(await response.arrayBuffer());
  }
  return WebAssembly.compile(source);
}

/**
 * Compiles the engine once (idempotent: later calls return the same promise).
 *
 * @example
 * ```ts
 * import { init, IrtEngine } from '@fluidbench/irt-wasm';
 * await init();
 * const engine = new IrtEngine(); // ready
 * ```
 */
export function init(options: InitOptions = {}): Promise<void> {
  if (compiled) return Promise.resolve();
  pending ??= compileFrom(options.wasm).then(
    (module) => {
      compiled = module;
    },
    (error: unknown) => {
      pending = undefined;
      throw error;
    },
  );
  return pending;
}

/**
 * Compiles the engine synchronously (Node, workers). Idempotent.
 *
 * @example
 * ```ts
 * initSync();
 * isInitialized(); // returns true
 * ```
 */
export function initSync(options: { wasm?: BufferSource | WebAssembly.Module } = {}): void {
  if (compiled) return;
  const source = options.wasm;
  compiled = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source ?? embeddedBytes());
}

/**
 * Whether `init()`/`initSync()` has finished.
 *
 * @example
 * ```ts
 * isInitialized(); // returns false before init
 * ```
 */
export function isInitialized(): boolean {
  return compiled !== undefined;
}

/**
 * A fresh instance of the compiled module (each engine owns its memory).
 *
 * @example
 * ```ts
 * initSync();
 * instantiate().probability(1, 0, 0, 1, 1, 0); // returns 0.5
 * ```
 */
export function instantiate(): IrtExports {
  if (!compiled) throw new NotInitializedError();
  return new WebAssembly.Instance(compiled, {}).exports as unknown as IrtExports;
}
