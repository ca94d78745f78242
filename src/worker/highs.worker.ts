/// <reference lib="webworker" />
// HiGHS in a Web Worker of its own, started by the planner worker: the planner can end it when
// HiGHS overruns its time limit or the planner cancels (src/solver/isolated.ts).
import type { ToSolverThread } from '../solver/protocol';
import { serveSolver } from '../solver/solverThread';

const scope = self as unknown as DedicatedWorkerGlobalScope;
// Messages that arrive while HiGHS loads wait for it, in order.
const handler = serveSolver((message, transfer) => scope.postMessage(message, transfer ?? []));
scope.onmessage = (event: MessageEvent<ToSolverThread>) => void handler.then((handle) => handle(event.data));
