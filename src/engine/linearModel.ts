/**
 * A solver-neutral mixed-integer linear model: named columns with bounds, costs and
 * integrality, named rows with bounds over sparse entries. Engines build it; a `MipSolver`
 * (src/solver) solves it. Keeping the engine free of the solver lets it run and be tested the
 * same everywhere, and lets a second solver be measured against the first. Models only grow:
 * a solver may keep what it converted of one for as long as its columns, rows and entries last.
 */

export type VariableKind = 'continuous' | 'integer' | 'binary';

export interface ColumnSpec {
  name: string;
  lower?: number;
  upper?: number;
  cost?: number;
  kind?: VariableKind;
}

/** The numbers of a model that a solve needs, without names: what crosses to a solver thread. */
export interface ModelNumbers {
  readonly numCols: number;
  readonly numRows: number;
  readonly colLower: ArrayLike<number>;
  readonly colUpper: ArrayLike<number>;
  readonly colCost: ArrayLike<number>;
  readonly colInteger: ArrayLike<boolean | number>;
  readonly rowLower: ArrayLike<number>;
  readonly rowUpper: ArrayLike<number>;
  readonly rowStarts: ArrayLike<number>;
  readonly entryCols: ArrayLike<number>;
  readonly entryValues: ArrayLike<number>;
  readonly objectiveOffset: number;
}

export class LinearModel implements ModelNumbers {
  readonly colNames: string[] = [];
  readonly colLower: number[] = [];
  readonly colUpper: number[] = [];
  readonly colCost: number[] = [];
  readonly colInteger: boolean[] = [];
  readonly rowNames: string[] = [];
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  /** Row-major entries: rowStarts[r]..rowStarts[r+1] index entryCols/entryValues. */
  readonly rowStarts: number[] = [0];
  readonly entryCols: number[] = [];
  readonly entryValues: number[] = [];
  objectiveOffset = 0;

  get numCols(): number {
    return this.colNames.length;
  }

  get numRows(): number {
    return this.rowNames.length;
  }

  get numIntegers(): number {
    return this.colInteger.reduce((count, integer) => count + (integer ? 1 : 0), 0);
  }

  addColumn({ name, lower = 0, upper = Infinity, cost = 0, kind = 'continuous' }: ColumnSpec): number {
    const index = this.colNames.length;
    this.colNames.push(name);
    this.colLower.push(kind === 'binary' ? Math.max(0, lower) : lower);
    this.colUpper.push(kind === 'binary' ? Math.min(1, upper) : upper);
    this.colCost.push(cost);
    this.colInteger.push(kind !== 'continuous');
    return index;
  }

  /** Adds `lower <= Σ value·x[col] <= upper`; repeated columns are summed. */
  addRow(name: string, lower: number, upper: number, entries: Iterable<readonly [col: number, value: number]>): number {
    const merged = new Map<number, number>();
    for (const [col, value] of entries) {
      if (value === 0) continue;
      merged.set(col, (merged.get(col) ?? 0) + value);
    }
    for (const [col, value] of merged) {
      if (value === 0) continue;
      this.entryCols.push(col);
      this.entryValues.push(value);
    }
    this.rowStarts.push(this.entryCols.length);
    this.rowNames.push(name);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    return this.rowNames.length - 1;
  }

  /** Objective value of a primal solution. */
  objectiveOf(values: ArrayLike<number>): number {
    let total = this.objectiveOffset;
    for (let col = 0; col < this.colCost.length; col++) total += this.colCost[col]! * values[col]!;
    return total;
  }

  /** Activity of every row at a primal solution. */
  rowActivities(values: ArrayLike<number>): Float64Array {
    const activity = new Float64Array(this.numRows);
    for (let row = 0; row < this.numRows; row++) {
      let sum = 0;
      for (let k = this.rowStarts[row]!; k < this.rowStarts[row + 1]!; k++) sum += this.entryValues[k]! * values[this.entryCols[k]!]!;
      activity[row] = sum;
    }
    return activity;
  }
}

export type SolveStatus = 'optimal' | 'time-limit' | 'gap-limit' | 'interrupted' | 'infeasible' | 'unbounded' | 'no-solution' | 'error';

export interface SolveOptions {
  timeLimitSeconds?: number;
  mipRelGap?: number;
  /** Solve the LP relaxation only. */
  relax?: boolean;
  /** Column bounds to override for this solve only (column, lower, upper). */
  fix?: ReadonlyArray<readonly [col: number, lower: number, upper: number]>;
  /** Columns to treat as continuous for this solve only. */
  relaxColumns?: ReadonlySet<number> | ReadonlyArray<number>;
  /** LP algorithm: dual simplex, or interior point (faster on very large LPs, no basis). */
  lpAlgorithm?: 'simplex' | 'ipm';
  /** A feasible solution to start from (MIP incumbent). */
  start?: Float64Array;
  /** Asked to stop: checked at the solver's callbacks (and by a watchdog, where the solver has one). */
  shouldStop?: () => boolean;
  /** Told of each improving MIP solution as the solver finds it. */
  onIncumbent?: (objective: number, values: Float64Array) => void;
  /** Told of a MIP's proven bound as it rises (read at the solver's MIP callbacks). */
  onDualBound?: (bound: number) => void;
  /** An LP's start: the basis of an earlier LP of this model (`SolveResult.basis`), other bounds and all. */
  basis?: LpBasis;
}

/** Which columns and rows an LP's solution has basic, and where the others sit (the solver's codes). */
export interface LpBasis {
  colStatus: Int32Array;
  rowStatus: Int32Array;
}

const AT_LOWER = 0;
const BASIC = 1;

/**
 * A basis for a model that grew since (columns and rows added at the end, as the closed loop adds
 * firm orders wanted early): each new column at its lower bound, each new row's slack basic.
 * Undefined where the model has fewer columns or rows than the basis.
 */
export function grownBasis(basis: LpBasis, numCols: number, numRows: number): LpBasis | undefined {
  if (basis.colStatus.length > numCols || basis.rowStatus.length > numRows) return undefined;
  const colStatus = new Int32Array(numCols).fill(AT_LOWER);
  colStatus.set(basis.colStatus);
  const rowStatus = new Int32Array(numRows).fill(BASIC);
  rowStatus.set(basis.rowStatus);
  return { colStatus, rowStatus };
}

export interface SolveResult {
  status: SolveStatus;
  /** A primal solution was found (optimal or the incumbent at a limit). */
  hasSolution: boolean;
  objective: number;
  /** Best bound (MIP dual bound, or the objective of an optimal LP). */
  bound: number | undefined;
  values: Float64Array;
  /** Row duals of an LP solve; undefined for a MIP. */
  rowDuals: Float64Array | undefined;
  /** The optimal basis of an LP solve, to start a later LP of the same model from. */
  basis?: LpBasis;
  /** Simplex iterations of an LP solve. */
  iterations?: number;
  seconds: number;
  /**
   * Set when the solver did not return by itself and was ended from outside: 'time-limit' when it
   * overran its time limit, 'cancelled' when it was asked to stop. Its incumbent is then lost.
   */
  stopped?: 'time-limit' | 'cancelled';
}

/**
 * What the engine needs of a MIP solver; src/solver implements it on HiGHS, in this thread or in
 * one of its own that a watchdog can end (so a solve returns by its time limit whatever HiGHS does).
 */
export interface MipSolver {
  readonly name: string;
  solve(model: LinearModel, options?: SolveOptions): Promise<SolveResult>;
  /**
   * The LP relaxation solved, then again each time `addRows` adds rows to the model (cutting
   * planes), from the last basis where the solver keeps one; until it adds none, or `rounds`.
   */
  relaxWithCuts?(model: LinearModel, addRows: (values: Float64Array) => number, options: CutOptions): Promise<CutRound[]>;
  /**
   * Where the solver runs in a thread of its own: get its code ready for a first LP while the
   * caller builds the model (a fresh WebAssembly HiGHS solves its first LP about 0.5 s slower).
   */
  warmUp?(): void;
}

export interface CutOptions {
  rounds: number;
  timeLimitSeconds?: number;
  onRound?: (round: CutRound) => void;
}

export interface CutRound {
  /** Rows added after this round's LP (none after the last). */
  cuts: number;
  /** This round's LP value, where it was solved to optimality: a lower bound. */
  bound: number | undefined;
  seconds: number;
  /**
   * On the last round: the row duals of the last optimal LP, where the solver gives them (rows
   * added after it are not in them). The prices a Lagrangian bound starts from (lagrangian.ts).
   */
  rowDuals?: Float64Array;
}

/**
 * The rounds of `relaxWithCuts` over any way of solving the LP: solve within what is left of the
 * time, let `addRows` add the rows the values violate, until it adds none or `rounds` have added.
 * `solveLp` returns the LP's value where optimal, and its values on demand.
 */
export async function cutRounds(
  solveLp: (secondsLeft: number | undefined) => Promise<{ bound: number | undefined; values: () => Float64Array; duals?: () => Float64Array | undefined }>,
  addRows: (values: Float64Array) => number,
  options: CutOptions,
): Promise<CutRound[]> {
  const started = performance.now();
  const rounds: CutRound[] = [];
  let latestDuals: Float64Array | undefined;
  for (let round = 0; round <= options.rounds; round++) {
    const left = (options.timeLimitSeconds ?? Infinity) - (performance.now() - started) / 1000;
    if (left <= 0) break;
    const roundStarted = performance.now();
    const { bound, values, duals } = await solveLp(Number.isFinite(left) ? left : undefined);
    // Kept from every optimal round: the last LP may end unsolved (mixed L, the 12th of 12).
    if (bound !== undefined) latestDuals = duals?.() ?? latestDuals;
    const cuts = bound !== undefined && round < options.rounds ? addRows(values()) : 0;
    const entry: CutRound = { cuts, bound, seconds: (performance.now() - roundStarted) / 1000 };
    rounds.push(entry);
    options.onRound?.(entry);
    if (cuts === 0) break;
  }
  const last = rounds.at(-1);
  if (last && latestDuals) last.rowDuals = latestDuals;
  return rounds;
}
