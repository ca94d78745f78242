// The Node worker thread that schedules released weeks for the closed loop's checks
// (src/worker/weekPool.ts). Plain JavaScript so that Node can start it as it is; the TypeScript
// behind it is compiled by tsx.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { serveFlowWeeks } = await import('../worker/flowWeekThread.ts');
const { flowOptions } = await import('./kernel.ts');
const { kernelFactory } = await flowOptions();
const handle = serveFlowWeeks((message) => port.postMessage(message), kernelFactory);
port.on('message', handle);
