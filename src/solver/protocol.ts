/**
 * The messages between the engine's thread and the thread that runs HiGHS (isolated.ts and
 * solverThread.ts). Only plain data crosses: a model's numbers once per thread, then per solve
 * the options without their callback.
 */
import type { ModelNumbers, SolveOptions, SolveResult } from '../engine/linearModel';

/** A model's numbers as typed arrays, so they can be transferred instead of copied. */
export interface ModelSnapshot extends ModelNumbers {
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly colCost: Float64Array;
  readonly colInteger: Uint8Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly rowStarts: Int32Array;
  readonly entryCols: Int32Array;
  readonly entryValues: Float64Array;
}

export type PortableSolveOptions = Omit<SolveOptions, 'shouldStop' | 'onIncumbent' | 'onDualBound' | 'relaxColumns'> & { relaxColumns?: number[] };

export type ToSolverThread =
  /** The stop flag: a shared Int32Array the thread reads at HiGHS's MIP callbacks (absent where memory cannot be shared). */
  | { kind: 'init'; stopFlag: Int32Array | undefined }
  | { kind: 'solve'; id: number; modelKey: number; model: ModelSnapshot | undefined; options: PortableSolveOptions }
  /** Solve the warm-up LP (warmUp.ts) now, while the engine builds its model. */
  | { kind: 'warm-up' };

export type FromSolverThread =
  | { kind: 'ready'; name: string }
  | { kind: 'result'; id: number; result: SolveResult }
  /** A MIP's new incumbent, as HiGHS finds it: what a solve ended from outside still hands back. */
  | { kind: 'incumbent'; id: number; objective: number; values: Float64Array }
  /** A MIP's proven bound as it rises: what a solve ended from outside still reports as its bound. */
  | { kind: 'bound'; id: number; bound: number }
  | { kind: 'error'; id: number | undefined; message: string };

export function snapshotOf(model: ModelNumbers): ModelSnapshot {
  return {
    numCols: model.numCols,
    numRows: model.numRows,
    objectiveOffset: model.objectiveOffset,
    colLower: Float64Array.from(model.colLower),
    colUpper: Float64Array.from(model.colUpper),
    colCost: Float64Array.from(model.colCost),
    colInteger: Uint8Array.from(model.colInteger, (flag) => (flag ? 1 : 0)),
    rowLower: Float64Array.from(model.rowLower),
    rowUpper: Float64Array.from(model.rowUpper),
    rowStarts: Int32Array.from(model.rowStarts),
    entryCols: Int32Array.from(model.entryCols),
    entryValues: Float64Array.from(model.entryValues),
  };
}

export function portableOptions(options: SolveOptions): PortableSolveOptions {
  const { shouldStop: _callback, onIncumbent: _incumbent, onDualBound: _bound, relaxColumns, ...rest } = options;
  return { ...rest, ...(relaxColumns ? { relaxColumns: [...relaxColumns] } : {}) };
}
