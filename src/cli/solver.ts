import { createHighsSolver, type HighsSolver } from '../solver/highs';

/** HiGHS under Node: the package finds its WebAssembly binary next to its own module. */
export function createNodeSolver(): Promise<HighsSolver> {
  return createHighsSolver();
}
