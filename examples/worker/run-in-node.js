// Replays every checkpoint of a responses CSV in a worker thread and prints one JSON line per checkpoint.
//   node run-in-node.js IRT.csv RESPONSES.csv [N_MAX]
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { checkAlignment, parseIrtCsv, parseResponsesCsv } from '@fluidbench/data';

const [irtFile, responsesFile, nMaxText = '500'] = process.argv.slice(2);
if (!irtFile || !responsesFile) {
  console.error('usage: node run-in-node.js IRT.csv RESPONSES.csv [N_MAX]');
  process.exit(2);
}
let irt;
let responses;
try {
  irt = parseIrtCsv(await readFile(irtFile, 'utf8'), { file: irtFile });
  responses = parseResponsesCsv(await readFile(responsesFile, 'utf8'), { file: responsesFile });
  checkAlignment(irt.ids, responses.ids, { irtFile, responsesFile });
} catch (error) {
  // the loaders' errors already name the file, row, column and value: one line is enough
  console.error(`run-in-node: ${error.message}`);
  process.exit(1);
}

const worker = new Worker(new URL('./node-worker.js', import.meta.url));
const reply = await new Promise((resolve, reject) => {
  worker.once('message', resolve);
  worker.once('error', reject);
  worker.postMessage({ ids: irt.ids, a: irt.a, b: irt.b, columns: responses.columns, options: { nMax: Number(nMaxText) } });
});
await worker.terminate();
if (!reply.ok) {
  console.error(`run-in-node: ${reply.error}`);
  process.exit(1);
}
reply.result.runs.forEach((run, k) => {
  const line = {
    checkpoint: responses.checkpoints[k],
    items: run.items,
    ability: run.abilities.at(-1),
    se: run.se.at(-1),
    full_bank_ability: reply.result.fullBank.theta[k],
  };
  console.log(JSON.stringify(line));
});
