// A user's page (bundled with esbuild from the installed packages): one AdaptiveTest session on the main thread.
// `?wasm` loads the engine from ./irt.wasm instead of the embedded bytes; `?checkpoint=NAME&n=N` pick the run.
import { AdaptiveTest, ItemBank, init } from '@fluidbench/core';
import { parseIrtCsv, parseResponsesCsv } from '@fluidbench/data';

const params = new URLSearchParams(location.search);
const output = document.getElementById('out');

async function text(path) {
  const response = await fetch(new URL(path, location.href));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

try {
  await init(params.has('wasm') ? { wasm: new URL('./irt.wasm', location.href) } : {});
  const irt = parseIrtCsv(await text('irt.csv'), { file: 'irt.csv' });
  const responses = parseResponsesCsv(await text('responses.csv'), { file: 'responses.csv' });
  const answers = responses.columns[responses.checkpoints.indexOf(params.get('checkpoint') ?? 'ckpt_20')];
  const test = new AdaptiveTest(new ItemBank(irt), { nMax: Number(params.get('n') ?? 100) });
  while (!test.done) test.record(answers[test.next().index]);
  window.fluidResult = { ...test.state, stopReason: test.stopReason };
  output.textContent = `ability ${test.theta.toFixed(3)} ± ${test.state.currentSe.toFixed(3)} after ${test.state.items.length} items`;
} catch (error) {
  window.fluidResult = { error: String(error) };
  output.textContent = String(error);
}
