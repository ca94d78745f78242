/**
 * HiGHS (compiled to WebAssembly by the `highs` package) behind the engine's `MipSolver`
 * interface. Each solve passes the model as compressed rows into a fresh persistent instance,
 * so bounds and integrality can be overridden per solve (relax-and-fix, diagnostic re-solves)
 * without rebuilding the model in JavaScript.
 */
import highsLoader, { type Highs, type InitOptions, type ModelData } from 'highs';
import { cutRounds, type CutOptions, type CutRound, type LinearModel, type MipSolver, type ModelNumbers, type SolveOptions, type SolveResult, type SolveStatus } from '../engine/linearModel';

export async function loadHighs(init: InitOptions = {}): Promise<Highs> {
  return highsLoader(init);
}

const LP_SIMPLEX_OPTIONS = { simplex_scale_strategy: 4, simplex_dual_edge_weight_strategy: 1 } as const;

export class HighsSolver implements MipSolver {
  readonly name: string;

  constructor(private readonly highs: Highs) {
    this.name = `HiGHS ${highs.version.major}.${highs.version.minor}.${highs.version.patch} (WebAssembly)`;
  }

  /** The parts of a model no solve overrides, converted once: each conversion is tens of ms on M. */
  private readonly converted = new WeakMap<ModelNumbers, { shape: string; data: Omit<ModelData, 'colLower' | 'colUpper'>; colLower: Float64Array; colUpper: Float64Array }>();

  private baseData(model: ModelNumbers) {
    const shape = `${model.numCols}|${model.numRows}|${model.entryCols.length}|${model.objectiveOffset}`;
    const cached = this.converted.get(model);
    if (cached?.shape === shape) return cached;
    const clamp = this.clamp;
    const base = {
      shape,
      colLower: Float64Array.from(model.colLower, clamp),
      colUpper: Float64Array.from(model.colUpper, clamp),
      data: {
        numCols: model.numCols,
        numRows: model.numRows,
        offset: model.objectiveOffset,
        colCost: Float64Array.from(model.colCost),
        rowLower: Float64Array.from(model.rowLower, clamp),
        rowUpper: Float64Array.from(model.rowUpper, clamp),
        matrix: {
          format: 'csr',
          numRows: model.numRows,
          numCols: model.numCols,
          starts: Int32Array.from(model.rowStarts),
          indices: Int32Array.from(model.entryCols),
          values: Float64Array.from(model.entryValues),
        },
      } satisfies Omit<ModelData, 'colLower' | 'colUpper'>,
    };
    this.converted.set(model, base);
    return base;
  }

  /** HiGHS's own infinity for unbounded sides. */
  private readonly clamp = (value: number) => (value === Infinity ? this.highs.infinity : value === -Infinity ? -this.highs.infinity : value);

  private modelData(model: ModelNumbers, options: SolveOptions, names?: LinearModel): ModelData {
    const clamp = this.clamp;
    const base = this.baseData(model);
    const colLower = base.colLower.slice();
    const colUpper = base.colUpper.slice();
    for (const [col, lower, upper] of options.fix ?? []) {
      colLower[col] = clamp(lower);
      colUpper[col] = clamp(upper);
    }
    const integrality = new Int32Array(model.numCols);
    if (!options.relax) {
      for (let col = 0; col < model.numCols; col++) if (model.colInteger[col]) integrality[col] = 1;
      for (const col of options.relaxColumns ?? []) integrality[col] = 0;
    }
    return {
      ...base.data,
      colLower,
      colUpper,
      ...(integrality.some((flag) => flag !== 0) ? { integrality: integrality as Int32Array } : {}),
      ...(names ? { colNames: lpNames(names.colNames, 'c'), rowNames: lpNames(names.rowNames, 'r') } : {}),
    };
  }

  /** In this thread: HiGHS holds it until it returns. */
  solve(model: ModelNumbers, options: SolveOptions = {}): Promise<SolveResult> {
    return Promise.resolve(this.solveNow(model, options));
  }

  /** `stopAt: 'mip'` reads `shouldStop` at the MIP's callbacks only, not at every LP iteration. */
  solveNow(model: ModelNumbers, options: SolveOptions = {}, stopAt: 'all' | 'mip' = 'all'): SolveResult {
    const { constants } = this.highs;
    const data = this.modelData(model, options);
    const isMip = data.integrality !== undefined;
    const native = this.highs.createModel(data);
    try {
      native.options.set({
        output_flag: false,
        ...(options.timeLimitSeconds !== undefined ? { time_limit: Math.max(0.05, options.timeLimitSeconds) } : {}),
        ...(options.mipRelGap !== undefined ? { mip_rel_gap: options.mipRelGap } : {}),
        ...(options.lpAlgorithm === 'ipm' ? { solver: 'ipm', run_crossover: 'off' } : options.lpAlgorithm === 'simplex' ? { solver: 'simplex' } : {}),
        // Measured on the demo Master Plan LPs (M, L, loose and tight, each in a fresh process):
        // scaling by powers of two with Devex pricing is 10-36 % faster than the defaults.
        ...(isMip ? {} : LP_SIMPLEX_OPTIONS),
      });
      if (options.start && isMip) native.setSolution({ colValue: options.start });
      if (options.basis && !isMip && options.basis.colStatus.length === model.numCols && options.basis.rowStatus.length === model.numRows) native.setBasis(options.basis);
      const stop = options.shouldStop;
      const onDualBound = isMip ? options.onDualBound : undefined;
      let lastBound = -Infinity;
      const boundOf = (data: { mip_dual_bound?: number } | undefined) => {
        if (!onDualBound) return;
        const bound = data?.mip_dual_bound;
        if (bound !== undefined && Number.isFinite(bound) && bound > lastBound + 1e-9 * Math.max(1, Math.abs(bound))) {
          lastBound = bound;
          onDualBound(bound);
        }
      };
      const interrupt = (event: { interrupt(): void; data?: { mip_dual_bound?: number } }) => {
        boundOf(event.data);
        if (stop?.()) event.interrupt();
        return undefined;
      };
      // Asked at every simplex iteration the stop costs the LPs about 15 %: a MIP-only stop skips them.
      const onIncumbent = isMip ? options.onIncumbent : undefined;
      const run = native.run(
        stop || onIncumbent || onDualBound
          ? {
              ...(stop || onDualBound ? { [constants.callbackType.mipInterrupt]: interrupt } : {}),
              ...(stop && stopAt === 'all' ? { [constants.callbackType.simplexInterrupt]: interrupt, [constants.callbackType.ipmInterrupt]: interrupt } : {}),
              ...(onIncumbent
                ? {
                    [constants.callbackType.mipImprovingSolution]: (event: { data: { objective_function_value?: number; mip_solution?: Float64Array; mip_dual_bound?: number } }) => {
                      boundOf(event.data);
                      if (event.data.mip_solution && event.data.objective_function_value !== undefined) onIncumbent(event.data.objective_function_value, event.data.mip_solution);
                      return undefined;
                    },
                  }
                : {}),
            }
          : undefined,
      );
      const statusCode = run.modelStatus;
      const hasSolution = Number(native.info.get('primal_solution_status')) === constants.solutionStatus.feasible;
      const solution = hasSolution ? native.getSolution() : undefined;
      const objective = hasSolution ? native.getObjectiveValue() : NaN;
      let bound: number | undefined;
      if (isMip) {
        const dualBound = Number(native.info.get('mip_dual_bound'));
        bound = Number.isFinite(dualBound) ? dualBound : undefined;
      } else if (statusCode === constants.modelStatus.optimal) bound = objective;
      const gapLimited = isMip && statusCode === constants.modelStatus.optimal && bound !== undefined && Math.abs(objective - bound) > 1e-6 * Math.max(1, Math.abs(objective));
      return {
        status: statusOf(statusCode, constants.modelStatus, hasSolution, gapLimited),
        hasSolution,
        objective,
        bound,
        values: solution ? Float64Array.from(solution.colValue) : new Float64Array(model.numCols),
        rowDuals: solution && !isMip ? Float64Array.from(solution.rowDual) : undefined,
        // getBasis copies into arrays of their own buffers: they can be transferred from a solver thread as they are.
        ...(!isMip && statusCode === constants.modelStatus.optimal ? { basis: native.getBasis(), iterations: Number(native.info.get('simplex_iteration_count')) } : {}),
        seconds: native.getRunTime(),
      };
    } finally {
      native.dispose();
    }
  }

  /**
   * One HiGHS model kept across the rounds, the rows added to it: each LP after the first starts
   * from the last basis (food M: 20 rounds of separation from 0.6 s to 5.6 s a round solved cold).
   */
  async relaxWithCuts(model: LinearModel, addRows: (values: Float64Array) => number, options: CutOptions): Promise<CutRound[]> {
    const native = this.highs.createModel(this.modelData(model, { relax: true }));
    try {
      const solveLp = (secondsLeft: number | undefined) => {
        native.options.set({ output_flag: false, ...LP_SIMPLEX_OPTIONS, ...(secondsLeft !== undefined ? { time_limit: Math.max(0.05, secondsLeft) } : {}) });
        const optimal = native.run().modelStatus === this.highs.constants.modelStatus.optimal;
        // One copy of the solution out of HiGHS for both the values and the duals.
        let solution: ReturnType<typeof native.getSolution> | undefined;
        const solved = () => (solution ??= native.getSolution());
        return Promise.resolve({ bound: optimal ? native.getObjectiveValue() : undefined, values: () => Float64Array.from(solved().colValue), duals: () => Float64Array.from(solved().rowDual) });
      };
      // The rows the model gains, added to HiGHS's copy too: its basis is kept for the next round.
      const addToBoth = (values: Float64Array) => {
        const first = model.numRows;
        const added = addRows(values);
        if (added > 0) native.addRows(this.rowsFrom(model, first));
        return added;
      };
      return await cutRounds(solveLp, addToBoth, options);
    } finally {
      native.dispose();
    }
  }

  /** The model's rows from `first` on, as HiGHS adds them. */
  private rowsFrom(model: LinearModel, first: number) {
    const clamp = this.clamp;
    const begin = model.rowStarts[first]!;
    return {
      lower: Float64Array.from(model.rowLower.slice(first), clamp),
      upper: Float64Array.from(model.rowUpper.slice(first), clamp),
      matrix: {
        format: 'csr' as const,
        numRows: model.numRows - first,
        numCols: model.numCols,
        starts: Int32Array.from(model.rowStarts.slice(first), (start) => start - begin),
        indices: Int32Array.from(model.entryCols.slice(begin)),
        values: Float64Array.from(model.entryValues.slice(begin)),
      },
    };
  }

  toLpFormat(model: LinearModel): string {
    const native = this.highs.createModel(this.modelData(model, {}, model));
    try {
      return native.exportModel('lp');
    } finally {
      native.dispose();
    }
  }
}

function statusOf(code: number, codes: Highs['constants']['modelStatus'], hasSolution: boolean, gapLimited: boolean): SolveStatus {
  switch (code) {
    case codes.optimal:
      return gapLimited ? 'gap-limit' : 'optimal';
    case codes.timeLimit:
    case codes.iterationLimit:
    case codes.solutionLimit:
      return hasSolution ? 'time-limit' : 'no-solution';
    case codes.interrupted:
      return hasSolution ? 'interrupted' : 'no-solution';
    case codes.infeasible:
      return 'infeasible';
    case codes.unbounded:
    case codes.unboundedOrInfeasible:
      return 'unbounded';
    default:
      return hasSolution ? 'time-limit' : 'error';
  }
}

/** Names the CPLEX LP format accepts: no spaces or operators, unique, not starting with a digit. */
function lpNames(names: readonly string[], prefix: string): string[] {
  const used = new Set<string>();
  return names.map((name, index) => {
    let clean = name.replace(/[^A-Za-z0-9_.]/g, '_');
    if (!/^[A-Za-z_]/.test(clean)) clean = `${prefix}_${clean}`;
    if (used.has(clean)) clean = `${clean}#${index}`;
    used.add(clean);
    return clean;
  });
}

export async function createHighsSolver(init?: InitOptions): Promise<HighsSolver> {
  return new HighsSolver(await loadHighs(init));
}
