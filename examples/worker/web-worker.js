// A module Web Worker: `new Worker(new URL('./web-worker.js', import.meta.url), { type: 'module' })`.
import { answer } from './replay-job.js';

self.onmessage = (event) => self.postMessage(answer(event.data));
