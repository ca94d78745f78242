/** The isolated HiGHS solver under Node (command line, site server, tests): a worker thread. */
import { Worker } from 'node:worker_threads';
import { IsolatedSolver, type SpawnSolverThread } from './isolated';
import type { FromSolverThread } from './protocol';

export const spawnNodeSolverThread: SpawnSolverThread = (onMessage, onFailure) => {
  const worker = new Worker(new URL('./highsThread.node.mjs', import.meta.url));
  worker.on('message', (message: FromSolverThread) => onMessage(message));
  worker.on('error', (error) => onFailure(error));
  worker.on('exit', (code) => onFailure(new Error(`it exited with code ${code}`)));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer as never),
    terminate: () => void worker.terminate(),
    // An idle thread must never keep a finished command alive (listeners ref it: unref after them).
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
  };
};

export function createIsolatedNodeSolver(): Promise<IsolatedSolver> {
  return IsolatedSolver.start(spawnNodeSolverThread);
}
