// The page side: fetch an IRT model and a responses CSV next to the page, parse them on the main thread, and
// let a module worker run every checkpoint. The result is shown in <pre id="out"> and kept in window.fluidResult.
import { parseIrtCsv, parseResponsesCsv } from '@fluidbench/data';

async function text(path) {
  const response = await fetch(new URL(path, location.href));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

const output = document.getElementById('out');
try {
  const irt = parseIrtCsv(await text('irt.csv'), { file: 'irt.csv' });
  const responses = parseResponsesCsv(await text('responses.csv'), { file: 'responses.csv' });
  const worker = new Worker(new URL('./web-worker.js', import.meta.url), { type: 'module' });
  const reply = await new Promise((resolve, reject) => {
    worker.onmessage = (event) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage({ ids: irt.ids, a: irt.a, b: irt.b, columns: responses.columns, options: { nMax: 500 } });
  });
  worker.terminate();
  if (!reply.ok) throw new Error(reply.error);
  window.fluidResult = { checkpoints: responses.checkpoints, ...reply.result };
  output.textContent = responses.checkpoints
    .map((name, k) => `${name}: ability ${reply.result.runs[k].abilities.at(-1).toFixed(3)} after ${reply.result.runs[k].items.length} items`)
    .join('\n');
} catch (error) {
  window.fluidResult = { error: String(error) };
  output.textContent = String(error);
}
