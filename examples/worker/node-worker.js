// A Node worker thread: `new Worker(new URL('./node-worker.js', import.meta.url))` from node:worker_threads.
import { parentPort } from 'node:worker_threads';
import { answer } from './replay-job.js';

parentPort.on('message', (request) => parentPort.postMessage(answer(request)));
