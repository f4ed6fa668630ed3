// Loading the engine from a URL instead of the embedded bytes: the module `@fluidbench/irt-wasm/irt.wasm`, served
// by the test server as `application/wasm`, compiled with WebAssembly.compileStreaming.
import wasmUrl from '@fluidbench/irt-wasm/irt.wasm?url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ItemBank, fluidBenchmarking, init, isInitialized } from '../../src/index';
import { arc, expectedArc, maxAbsDiff } from './synthetic';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('init({ wasm: URL })', () => {
  it('the exported irt.wasm is served as application/wasm', async () => {
    const response = await fetch(new URL(wasmUrl, location.href));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/wasm/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
  });

  it('a URL that is not there rejects with the URL and the status, and leaves the engine uninitialized', async () => {
    expect(isInitialized()).toBe(false);
    const missing = new URL('/no-such-folder/irt.wasm', location.href);
    await expect(init({ wasm: missing })).rejects.toThrow(`could not load the WebAssembly module from ${missing.href}: HTTP 404`);
    expect(isInitialized()).toBe(false);
  });

  it('compiles the served module by streaming, then runs the reference trajectory', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const streamingSpy = vi.spyOn(WebAssembly, 'compileStreaming');
    const url = new URL(wasmUrl, location.href);
    await init({ wasm: url });
    expect(fetchSpy).toHaveBeenCalledWith(url);
    expect(streamingSpy).toHaveBeenCalledTimes(1);
    expect(isInitialized()).toBe(true);
    const expected = expectedArc.start0.find((run) => run.checkpoint === 'ckpt_00')!;
    const bank = new ItemBank({ ids: arc.ids, a: arc.a, b: arc.b });
    const run = fluidBenchmarking(arc.columns[arc.checkpoints.indexOf('ckpt_00')], bank, { nMax: 200 });
    expect(run.items).toEqual(expected.items.slice(0, 200));
    expect(maxAbsDiff(run.abilities, expected.abilities.slice(0, 200))).toBeLessThanOrEqual(1e-9);
  });
});
