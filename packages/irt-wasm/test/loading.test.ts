// How the module gets loaded: embedded bytes, a URL (streamed when served as application/wasm, buffered
// otherwise), caller-supplied bytes, and synchronously. Each case starts from a fresh copy of src/module.ts,
// since initialization is module-wide and idempotent.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NotInitializedError } from '../src/errors';

const wasmBytes = readFileSync(new URL('../build/irt.wasm', import.meta.url));
/** Paths the loopback server was asked for, in order. */
const requests: string[] = [];
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === '/irt.wasm') response.writeHead(200, { 'content-type': 'application/wasm' }).end(wasmBytes);
    else if (request.url === '/octet/irt.wasm') response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(wasmBytes);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

afterEach(() => {
  vi.restoreAllMocks();
  requests.length = 0;
});

/** What `action` throws (undefined when it returns). */
function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A fresh, uninitialized copy of the loader. */
async function freshModule() {
  vi.resetModules();
  return import('../src/module');
}

/** P = σ(a·(θ − b)) is 3/4 at θ = b + ln 3 / a: a check that the instance computes, whatever loaded it. */
function expectWorkingInstance(module: Awaited<ReturnType<typeof freshModule>>): void {
  const exports = module.instantiate();
  const a = 1.7;
  const b = -0.4;
  expect(exports.probability(a, b, 0, 1, 1, b + Math.log(3) / a)).toBeCloseTo(0.75, 14);
}

describe('loading the WebAssembly module', () => {
  it('refuses to instantiate before initialization and says what to call', async () => {
    const module = await freshModule();
    expect(module.isInitialized()).toBe(false);
    // the fresh copy's error class is another object than the static import's: the marker still recognises it
    expect(NotInitializedError.isInstance(thrownBy(() => module.instantiate()))).toBe(true);
    expect(() => module.instantiate()).toThrow(/call `await init\(\)` \(or `initSync\(\)` in Node and workers\) first/);
  });

  it('init() compiles the embedded bytes without fetching anything', async () => {
    const module = await freshModule();
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await module.init();
    expect(fetchSpy).not.toHaveBeenCalled();
    expectWorkingInstance(module);
  });

  it('init({ wasm: URL }) streams a module served as application/wasm', async () => {
    const module = await freshModule();
    const streaming = vi.spyOn(WebAssembly, 'compileStreaming');
    await module.init({ wasm: new URL('/irt.wasm', origin) });
    expect(requests).toEqual(['/irt.wasm']);
    expect(streaming).toHaveBeenCalledTimes(1);
    expectWorkingInstance(module);
  });

  it('init({ wasm: string }) buffers a module served with another content type', async () => {
    const module = await freshModule();
    const streaming = vi.spyOn(WebAssembly, 'compileStreaming');
    await module.init({ wasm: `${origin}/octet/irt.wasm` });
    expect(requests).toEqual(['/octet/irt.wasm']);
    expect(streaming).not.toHaveBeenCalled();
    expectWorkingInstance(module);
  });

  it('a failed fetch names the URL and status, leaves the engine uninitialized, and a retry can succeed', async () => {
    const module = await freshModule();
    const missing = `${origin}/missing.wasm`;
    await expect(module.init({ wasm: new URL(missing) })).rejects.toThrow(`could not load the WebAssembly module from ${missing}: HTTP 404`);
    expect(module.isInitialized()).toBe(false);
    await module.init({ wasm: new URL('/irt.wasm', origin) });
    expect(module.isInitialized()).toBe(true);
  });

  it('bytes that are not a module reject with a CompileError', async () => {
    const module = await freshModule();
    await expect(module.init({ wasm: new Uint8Array([0, 1, 2, 3]) })).rejects.toThrow(WebAssembly.CompileError);
    expect(module.isInitialized()).toBe(false);
  });

  it('init({ wasm: bytes }) and initSync({ wasm: bytes }) take caller-supplied bytes', async () => {
    const asyncModule = await freshModule();
    await asyncModule.init({ wasm: new Uint8Array(wasmBytes) });
    expectWorkingInstance(asyncModule);
    const syncModule = await freshModule();
    syncModule.initSync({ wasm: new Uint8Array(wasmBytes) });
    expectWorkingInstance(syncModule);
  });

  it('initSync() compiles the embedded bytes at once; later init() calls do nothing', async () => {
    const module = await freshModule();
    module.initSync();
    expect(module.isInitialized()).toBe(true);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await module.init({ wasm: new URL('/irt.wasm', origin) });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(requests).toEqual([]);
    expectWorkingInstance(module);
  });
});
