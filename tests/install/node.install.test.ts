// The packed packages as a Node user gets them: installed from tarballs with npm, imported by name from an ESM
// project, run in the main thread, in a worker thread, with the module fetched over HTTP, and as the `fluid` bin.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { describe, expect, inject, it } from 'vitest';
import {
  ABILITY_TOLERANCE, PUBLISHABLE, arcIrtFile, arcResponsesFile, cleanEnv, expectedArcFullBank, expectedArcRuns, maxAbsDiff, readmeExample, repoRoot,
  serveFiles,
} from './helpers';

const run = promisify(execFile);
const scratch = inject('scratch');
const installed = (name: string) => join(scratch, 'node_modules', '@fluidbench', name);

interface SessionOutput {
  initializedBefore: boolean;
  items: number[];
  abilities: number[];
  se: number[];
  stopReason: string;
}

async function session(checkpoint: string, nMax: number, wasmUrl?: string): Promise<SessionOutput> {
  const args = ['session.js', arcIrtFile, arcResponsesFile, checkpoint, String(nMax), ...(wasmUrl ? [wasmUrl] : [])];
  const { stdout } = await run('node', args, { cwd: scratch, env: cleanEnv() });
  return JSON.parse(stdout) as SessionOutput;
}

function expectReferencePrefix(actual: { items: number[]; abilities: number[] }, checkpoint: string, n: number): void {
  const expected = expectedArcRuns.find((run_) => run_.checkpoint === checkpoint)!;
  expect(actual.items).toEqual(expected.items.slice(0, n));
  expect(maxAbsDiff(actual.abilities, expected.abilities.slice(0, n))).toBeLessThanOrEqual(ABILITY_TOLERANCE);
}

describe('the installed tarballs', () => {
  it('depend on each other by version, not workspace:, and ship dist and README without sources', () => {
    const versions = Object.fromEntries(
      PUBLISHABLE.map((dir) => {
        const manifest = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8'));
        return [manifest.name, manifest.version];
      }),
    );
    for (const name of ['irt-wasm', 'core', 'data', 'harness', 'cli']) {
      const manifest = JSON.parse(readFileSync(join(installed(name), 'package.json'), 'utf8'));
      for (const [dependency, range] of Object.entries<string>(manifest.dependencies ?? {})) {
        expect(range, `${manifest.name} → ${dependency}`).not.toMatch(/^workspace:/);
        if (dependency in versions) expect(range).toBe(versions[dependency]);
      }
      expect(existsSync(join(installed(name), 'README.md')), `${name}/README.md`).toBe(true);
      expect(existsSync(join(installed(name), 'dist')), `${name}/dist`).toBe(true);
      expect(existsSync(join(installed(name), 'src')), `${name}/src`).toBe(false);
    }
    expect(JSON.parse(readFileSync(join(installed('cli'), 'package.json'), 'utf8')).dependencies['@fluidbench/core']).toBe(versions['@fluidbench/core']);
    // core stands alone: its only dependency is the engine, and the engine has none
    expect(Object.keys(JSON.parse(readFileSync(join(installed('core'), 'package.json'), 'utf8')).dependencies)).toEqual(['@fluidbench/irt-wasm']);
    expect(JSON.parse(readFileSync(join(installed('irt-wasm'), 'package.json'), 'utf8')).dependencies).toBeUndefined();
    // the harness sits above core and data and brings only the official OpenAI client besides
    expect(Object.keys(JSON.parse(readFileSync(join(installed('harness'), 'package.json'), 'utf8')).dependencies).sort()).toEqual(['@fluidbench/core', '@fluidbench/data', 'openai']);
  });

  it('run an AdaptiveTest session from a Node ESM script (embedded WASM, initSync)', async () => {
    const output = await session('ckpt_20', 100);
    expect(output.initializedBefore).toBe(false);
    expect(output.stopReason).toBe('max_items');
    expectReferencePrefix(output, 'ckpt_20', 100);
  });

  it('init({ wasm: URL }) fetches the exported irt.wasm from a loopback server served as application/wasm', async () => {
    const server = await serveFiles({ '/irt.wasm': join(installed('irt-wasm'), 'dist', 'irt.wasm') });
    try {
      const output = await session('ckpt_40', 80, `${server.origin}/irt.wasm`);
      expect(server.requests).toEqual(['/irt.wasm']);
      expectReferencePrefix(output, 'ckpt_40', 80);
      await expect(session('ckpt_40', 80, `${server.origin}/missing.wasm`)).rejects.toThrow(/could not load the WebAssembly module from .*missing\.wasm: HTTP 404/);
    } finally {
      await server.close();
    }
  });

  it('replay every checkpoint and score the full bank in a worker thread (examples/worker/node-worker.js)', async () => {
    const { parseIrtCsv, parseResponsesCsv } = (await import(pathToFileURL(join(installed('data'), 'dist', 'index.js')).href)) as typeof import('@fluidbench/data');
    const irt = parseIrtCsv(readFileSync(arcIrtFile, 'utf8'));
    const responses = parseResponsesCsv(readFileSync(arcResponsesFile, 'utf8'));
    const worker = new Worker(join(scratch, 'worker', 'node-worker.js'));
    try {
      const reply = await new Promise<{ ok: boolean; error?: string; result: { runs: { items: number[]; abilities: number[] }[]; fullBank: { theta: number[] } } }>(
        (resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage({ ids: irt.ids, a: irt.a, b: irt.b, columns: responses.columns, options: { nMax: 500 } });
        },
      );
      expect(reply.error).toBeUndefined();
      responses.checkpoints.forEach((checkpoint, k) => expectReferencePrefix(reply.result.runs[k], checkpoint, 500));
      const expectedTheta = responses.checkpoints.map((name) => expectedArcFullBank.find((row) => row.checkpoint === name)!.theta_map);
      expect(maxAbsDiff(reply.result.fullBank.theta, expectedTheta)).toBeLessThanOrEqual(ABILITY_TOLERANCE);
    } finally {
      await worker.terminate();
    }
  });

  it('the worker example runs from the shell and reports a bad bank as one line', async () => {
    const { stdout } = await run('node', ['worker/run-in-node.js', arcIrtFile, arcResponsesFile, '50'], { cwd: scratch, env: cleanEnv() });
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { checkpoint: string; items: number[]; ability: number });
    expect(lines.map((line) => line.checkpoint)).toEqual(expectedArcRuns.map((expected) => expected.checkpoint));
    for (const line of lines) {
      const expected = expectedArcRuns.find((run_) => run_.checkpoint === line.checkpoint)!;
      expect(line.items).toEqual(expected.items.slice(0, 50));
      expect(Math.abs(line.ability - expected.abilities[49])).toBeLessThanOrEqual(ABILITY_TOLERANCE);
    }
    const badBank = join(scratch, 'bad-irt.csv');
    writeFileSync(badBank, ',a,b\nq1,1.5,0\nq2,0,1\n');
    const badResponses = join(scratch, 'bad-responses.csv');
    writeFileSync(badResponses, ',lm\nq1,1\nq2,0\n');
    const failure = await run('node', ['worker/run-in-node.js', badBank, badResponses], { cwd: scratch, env: cleanEnv() }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    // the loader refuses a = 0 on row 3 (1-based, as an editor shows the file) before any worker starts
    expect(failure?.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^run-in-node: .*bad-irt\.csv, row 3, column "a": .*\(got "0"\)$/)]);
  });

  it('npx fluid demo and npx fluid run work from the scratch project', async () => {
    const demo = await run('npx', ['--no', 'fluid', 'demo', '--n-max', '12'], { cwd: scratch, env: cleanEnv() });
    expect(demo.stdout).toMatch(/^Fluid Benchmarking demo: a simulated LM with true ability 0.8 on a generated 1000-item 2PL bank\./);
    expect(demo.stdout).toMatch(/After 12 items/);
    const fluidRun = await run(
      'npx',
      ['--no', 'fluid', 'run', '--irt', arcIrtFile, '--responses', arcResponsesFile, '--checkpoint', 'ckpt_05', '--n-max', '60', '--quiet'],
      { cwd: scratch, env: cleanEnv() },
    );
    const line = JSON.parse(fluidRun.stdout) as { checkpoint: string; items: number[]; abilities: number[] };
    expect(line.checkpoint).toBe('ckpt_05');
    expectReferencePrefix(line, 'ckpt_05', 60);
  });
});

describe('the README examples of the installed packages', () => {
  for (const name of ['core', 'irt-wasm']) {
    it(`@fluidbench/${name}: the example runs and prints what the README says`, async () => {
      const example = readmeExample(readFileSync(join(installed(name), 'README.md'), 'utf8'));
      expect(example.language).toBe('js');
      const file = join(scratch, `readme-${name}.mjs`);
      writeFileSync(file, example.code);
      const { stdout } = await run('node', [file], { cwd: scratch, env: cleanEnv() });
      expect(stdout).toBe(example.output);
    });
  }

  it('@fluidbench/cli: the shell example prints what the README says', async () => {
    const example = readmeExample(readFileSync(join(installed('cli'), 'README.md'), 'utf8'));
    expect(example.language).toBe('sh');
    const folder = join(scratch, 'readme-cli');
    mkdirSync(folder, { recursive: true });
    const env = { ...cleanEnv(), PATH: `${join(scratch, 'node_modules', '.bin')}:${process.env.PATH}` };
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', example.code], { cwd: folder, env });
    expect(stdout).toBe(example.output);
  });
});
