// The Node worker thread that runs HiGHS for an IsolatedSolver (src/solver/isolated.ts). Plain
// JavaScript so that Node can start it as it is; the TypeScript behind it is compiled by tsx.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { serveSolver } = await import('./solverThread.ts');
// Messages that arrive while HiGHS loads wait for it, in order.
const handler = serveSolver((message, transfer) => port.postMessage(message, /** @type {never} */ (transfer)));
port.on('message', (message) => void handler.then((handle) => handle(message)));
