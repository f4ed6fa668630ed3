// The Web Worker path: a module worker that runs a whole batch (replays and full-bank estimates) off the main
// thread, with initSync() and the embedded bytes, must give the reference results.
import { describe, expect, it } from 'vitest';
import type { FluidResult } from '../../src/index';
import { arc, expectedArc, expectedArcFullBank, maxAbsDiff } from './synthetic';
import type { ReplayRequest } from './replay.worker';

interface ReplayReply {
  inWorker?: boolean;
  runs?: FluidResult[];
  fullBank?: { theta: Float64Array; se: Float64Array };
  error?: string;
}

function askWorker(request: ReplayRequest): Promise<ReplayReply> {
  const worker = new Worker(new URL('./replay.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<ReplayReply>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<ReplayReply>) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

describe('in a Web Worker', () => {
  it('replays every checkpoint and scores the full bank like the reference', async () => {
    const checkpoints = expectedArc.start0.map((run) => run.checkpoint);
    const reply = await askWorker({
      ids: arc.ids,
      a: arc.a,
      b: arc.b,
      columns: checkpoints.map((name) => arc.columns[arc.checkpoints.indexOf(name)]),
      options: { nMax: 500, start: 0 },
    });
    expect(reply.error).toBeUndefined();
    expect(reply.inWorker).toBe(true);
    expectedArc.start0.forEach((expected, k) => {
      expect(reply.runs![k].items).toEqual(expected.items);
      expect(maxAbsDiff(reply.runs![k].abilities, expected.abilities)).toBeLessThanOrEqual(1e-9);
    });
    const expectedTheta = checkpoints.map((name) => expectedArcFullBank.find((row) => row.checkpoint === name)!.theta_map);
    expect(maxAbsDiff(reply.fullBank!.theta, expectedTheta)).toBeLessThanOrEqual(1e-9);
  });

  it('reports a bad request as an error message rather than dying', async () => {
    const reply = await askWorker({ ids: ['q'], a: [0], b: [0], columns: [[1]], options: {} });
    expect(reply.error).toMatch(/discrimination must be finite and non-zero \(got 0\)/);
  });
});
