// The Node worker thread that runs HiGHS for an IsolatedSolver (src/solver/isolated.ts). Plain
// JavaScript so that Node can start it as it is; the TypeScript behind it is compiled by tsx.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { serveSolver } = await import('./solverThread.ts');
/** @type {import('./protocol').ToSolverThread[]} */
const queued = [];
/** @type {((message: import('./protocol').ToSolverThread) => void) | undefined} */
let handle;
port.on('message', (message) => (handle ? handle(message) : queued.push(message)));
handle = await serveSolver((message, transfer) => port.postMessage(message, /** @type {never} */ (transfer)));
for (const message of queued.splice(0)) handle(message);
