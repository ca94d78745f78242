/// <reference lib="webworker" />
// HiGHS in a Web Worker of its own, started by the planner worker: the planner can end it when
// HiGHS overruns its time limit or the planner cancels (src/solver/isolated.ts).
import type { ToSolverThread } from '../solver/protocol';
import { serveSolver } from '../solver/solverThread';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const queued: ToSolverThread[] = [];
let handle: ((message: ToSolverThread) => void) | undefined;
scope.onmessage = (event: MessageEvent<ToSolverThread>) => (handle ? handle(event.data) : queued.push(event.data));
handle = await serveSolver((message, transfer) => scope.postMessage(message, transfer ?? []));
for (const message of queued.splice(0)) handle(message);
