// A module Web Worker for worker.browser.test.ts: compiles the engine synchronously (allowed in workers, unlike
// on a page's main thread for modules over 4 KiB), then replays and scores a batch of checkpoints.
import { ItemBank, abilityMany, fluidBenchmarkingMany, initSync, type RunOptions } from '../../src/index';

export interface ReplayRequest {
  ids: string[];
  a: number[];
  b: number[];
  columns: number[][];
  options: RunOptions;
}

/** The parts of a dedicated worker's global scope used here (the DOM lib this package compiles with lacks them). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ReplayRequest>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = self as unknown as WorkerScope;
/** Defined only inside workers: the proof that this code did not run on the page. */
const workerScopeClass = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope;

scope.onmessage = (event) => {
  try {
    initSync();
    const { ids, a, b, columns, options } = event.data;
    const bank = new ItemBank({ ids, a, b });
    scope.postMessage({
      inWorker: workerScopeClass !== undefined && self instanceof workerScopeClass,
      runs: fluidBenchmarkingMany(columns, bank, options),
      fullBank: abilityMany(columns, bank, null),
    });
  } catch (error) {
    scope.postMessage({ error: String(error) });
  }
};
