import { createIsolatedNodeSolver } from '../solver/node';
import type { IsolatedSolver } from '../solver/isolated';

/** HiGHS under Node, in a worker thread behind a watchdog, so `--time-limit` is a promise. */
export function createNodeSolver(): Promise<IsolatedSolver> {
  return createIsolatedNodeSolver();
}
