// A user's Node script: one AdaptiveTest session on a bank read from CSV, answering from a responses column.
//   node session.js IRT.csv RESPONSES.csv CHECKPOINT N_MAX [WASM_URL]
// Without WASM_URL the engine is the embedded module (initSync); with it, init() fetches the module from there.
import { readFile } from 'node:fs/promises';
import { AdaptiveTest, ItemBank, init, initSync, isInitialized } from '@fluidbench/core';
import { parseIrtCsv, parseResponsesCsv } from '@fluidbench/data';

const [irtFile, responsesFile, checkpoint, nMax, wasmUrl] = process.argv.slice(2);
const before = isInitialized();
if (wasmUrl) await init({ wasm: new URL(wasmUrl) });
else initSync();

const irt = parseIrtCsv(await readFile(irtFile, 'utf8'), { file: irtFile });
const responses = parseResponsesCsv(await readFile(responsesFile, 'utf8'), { file: responsesFile });
const answers = responses.columns[responses.checkpoints.indexOf(checkpoint)];
const test = new AdaptiveTest(new ItemBank(irt), { nMax: Number(nMax) });
while (!test.done) {
  const item = test.next();
  test.record(answers[item.index]);
}
const { items, abilities, se } = test.state;
console.log(JSON.stringify({ initializedBefore: before, items, abilities, se, stopReason: test.stopReason }));
