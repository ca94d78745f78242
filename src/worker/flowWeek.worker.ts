/// <reference lib="webworker" />
// A week of the closed loop's check, scheduled beside the others (src/worker/weekPool.ts), in a
// worker the planner worker starts.
import type { ToFlowWeekThread } from './flowWeekProtocol';
import { serveFlowWeeks } from './flowWeekThread';
import { loadKernel } from './loadKernel';

const scope = self as unknown as DedicatedWorkerGlobalScope;
// Messages that arrive while the kernel loads wait for it, in order; without it the TypeScript kernel prices the moves.
const handler = loadKernel()
  .catch(() => undefined)
  .then((kernelFactory) => serveFlowWeeks((message) => scope.postMessage(message), kernelFactory));
scope.onmessage = (event: MessageEvent<ToFlowWeekThread>) => void handler.then((handle) => handle(event.data));
