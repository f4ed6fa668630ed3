// A simulated OpenAI-compatible LM server in a process of its own (so the benchmark's CPU figures are the
// client's alone): prints its URL on the first stdout line; argument 1 is the latency in ms.
import { startSimulatedLmServer } from '../../packages/harness/test/simulated-lm-server.mjs';
import { EIGHT_LMS, liveWorld } from './live-world.mjs';

const latencyMs = Number(process.argv[2] ?? 0);
const { bank, items } = liveWorld();
const server = await startSimulatedLmServer({ items, bank, models: EIGHT_LMS, latencyMs });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
