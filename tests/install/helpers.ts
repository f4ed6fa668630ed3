// Shared by the install tests: where things are, the fixtures' expected runs, a loopback static server.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const syntheticDir = join(repoRoot, 'fixtures', 'synthetic');

/** The packages a user can install (apps/replicate stays in the repository). */
export const PUBLISHABLE = ['packages/irt-wasm', 'packages/core', 'packages/data', 'packages/harness', 'apps/cli'];

/** Same algorithm as the reference, so only rounding differs (fixtures/synthetic/README.md). */
export const ABILITY_TOLERANCE = 1e-9;

/** The environment without the `npm_*` variables a `pnpm exec` parent sets, which would steer npm and npx. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

export interface ExpectedRun {
  bank: string;
  checkpoint: string;
  items: number[];
  abilities: number[];
  se: number[];
}

/** The reference's MAP runs (n_max 500, start 0) on the synthetic arc_challenge bank, one per checkpoint. */
export const expectedArcRuns: ExpectedRun[] = readFileSync(join(syntheticDir, 'expected_map_start0.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as ExpectedRun)
  .filter((run) => run.bank === 'arc_challenge');

/** The reference's full-bank MAP ability per arc_challenge checkpoint. */
export const expectedArcFullBank: { checkpoint: string; theta_map: number }[] = readFileSync(join(syntheticDir, 'expected_full_bank_map.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { bank: string; checkpoint: string; theta_map: number })
  .filter((row) => row.bank === 'arc_challenge');

export const arcIrtFile = join(syntheticDir, 'arc_challenge_irt.csv');
export const arcResponsesFile = join(syntheticDir, 'arc_challenge_responses.csv');

/** Largest absolute difference between two equal-length arrays (Infinity when the lengths differ). */
export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface StaticServer {
  origin: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves files from `routes` (URL path → file) on 127.0.0.1 with the right content types; 404 otherwise. */
export async function serveFiles(routes: Record<string, string>): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://localhost').pathname);
    requests.push(path);
    const file = routes[path];
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
  };
}

export interface ReadmeExample {
  /** The fence's language: `js` or `sh`. */
  language: string;
  code: string;
  /** The ```text block that follows the example: what it prints. */
  output: string;
}

/** The first code block under `## Example` in a README, and the ```text block after it. */
export function readmeExample(readme: string): ReadmeExample {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Example\n'));
  if (!section) throw new Error('the README has no "## Example" section');
  const blocks = [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)];
  const example = blocks[0];
  const output = blocks.find((block) => block[1] === 'text' && block.index! > example.index!);
  if (!example || !output) throw new Error('the "## Example" section needs a code block followed by a ```text block');
  return { language: example[1], code: example[2], output: output[2] };
}
