import { createIsolatedNodeSolver } from '../solver/node';
import type { IsolatedSolver } from '../solver/isolated';

/** HiGHS under Node, in a worker thread behind a watchdog, so `--time-limit` is a promise. */
export function createNodeSolver(): Promise<IsolatedSolver> {
  return createIsolatedNodeSolver();
}

/**
 * A command's time limit counted from the moment the process started, as the planner counts it:
 * Node, tsx compiling the engine and HiGHS loading in its thread take 0.5-0.8 s before planning.
 */
export function limitFromProcessStart(limitSeconds: number): number {
  return Math.max(0.5, limitSeconds - performance.now() / 1000);
}
