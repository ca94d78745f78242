/**
 * A lower bound on the Master Plan's cost that keeps every item's own integrality: the Lagrangian
 * relaxation of the rows that tie items together, priced at the LP relaxation's duals (issue 16,
 * parts 4 and 5).
 *
 * The LP relaxation is weak because a setup can be opened by a tenth (bound.ts says by how much).
 * The cutting planes there close that gap on M and L, but on XL the LP alone takes 1.8 GiB of
 * HiGHS's 2 GiB heap and one round of cut rows no longer fits. This bound needs nothing beyond
 * the LP's solution:
 *
 *   Rows that join items (work centers' capacity, tools and crews, and the stock balance of a
 *   component, which its parents' production draws on) are moved into the objective at the LP's
 *   duals y. For any plan x, each such row r holds between its sides L_r and U_r, so with y_r ≥ 0
 *   priced at L_r and y_r ≤ 0 at U_r:  c·x ≥ (c − Σ_r y_r a_r)·x + Σ_r y_r side_r.
 *   What is left separates by item: its own balance, setups, lot rules and changes, whole lots
 *   and setups kept. The least of each item's small MIP, plus the constant, bounds every plan.
 *
 * With the LP's own duals each item's LP is exactly its share of the LP bound, so the bound is at
 * least the LP bound; what each item's MIP adds is the price of its setups and lots being whole
 * (XL tight 1.0, 0.3 s an item: 0.9-1.0 % above the LP, in about 480 s; food M 1.37 %, as much as
 * 20 rounds of cuts). An item's MIP that stops at its time limit counts at its dual bound, still valid.
 *
 * A dual of the wrong sign for its row's finite side is taken as zero (still a valid bound). A
 * column without an upper bound whose reduced cost is negative by less than the solver's dual
 * feasibility tolerance counts as zero.
 *
 * At the duals of the LP with the lot-sizing cuts (bound.ts) it is at least the cut bound: each
 * end item's block keeps its own cut rows, and a component's echelon rows, which join it to the
 * items it goes into, are priced like the other joining rows (tight 1.0, 0.3 s an item: food M
 * 2.4434 M -> 2.4479 M, food L 14.014 M -> 14.098 M, paint L 14.709 M -> 14.758 M, mixed L
 * 13.477 M -> 13.602 M; at the plain LP's duals 2.4258 M, 14.042 M, 14.680 M, 13.560 M).
 */
import { pushTo } from '../../domain/collections';
import { LinearModel, type MipSolver } from '../linearModel';
import { ECHELON_CUT } from './bound';
import type { MasterPlanModel } from './model';
import { secondaryKey } from './secondary';

export interface LagrangianBound {
  bound: number;
  /** Items' subproblems (blocks) given to the solver. */
  blocks: number;
  /** Columns in no row that stays, each at whichever bound its reduced cost prefers. */
  trivialColumns: number;
  /** Blocks whose MIP stopped at its time limit or gap: their MIP dual bound counted. */
  unfinished: number;
  seconds: number;
}

/** HiGHS's default dual feasibility tolerance: a reduced cost this close to zero is zero. */
const DUAL_TOLERANCE = 1e-7;

/**
 * `duals` are the row duals of the model's LP relaxation (any duals give a valid bound; the LP's
 * give at least the LP bound). Undefined where a block could not be bounded.
 */
export async function lagrangianBound(planModel: MasterPlanModel, solver: MipSolver, duals: ArrayLike<number>, options: { blockTimeLimitSeconds?: number } = {}): Promise<LagrangianBound | undefined> {
  const started = performance.now();
  const { model } = planModel;
  const coupling = couplingRows(planModel);
  // Priced duals: zero where the row's side of that sign is infinite.
  const price = new Float64Array(model.numRows);
  let constant = model.objectiveOffset;
  for (const row of coupling) {
    const dual = duals[row]!;
    const side = dual > 0 ? model.rowLower[row]! : model.rowUpper[row]!;
    if (dual === 0 || !Number.isFinite(side)) continue;
    price[row] = dual;
    constant += dual * side;
  }
  const cost = Float64Array.from(model.colCost);
  for (const row of coupling) {
    if (price[row] === 0) continue;
    for (let k = model.rowStarts[row]!; k < model.rowStarts[row + 1]!; k++) cost[model.entryCols[k]!]! -= price[row]! * model.entryValues[k]!;
  }
  // Within the solver's tolerance, a column that could grow without end is not worth growing.
  for (let col = 0; col < model.numCols; col++) if (model.colUpper[col] === Infinity && cost[col]! < 0 && cost[col]! > -DUAL_TOLERANCE) cost[col] = 0;

  // Blocks: columns joined by the rows that stay.
  const isCoupling = new Uint8Array(model.numRows);
  for (const row of coupling) isCoupling[row] = 1;
  const stays = (row: number) => !isCoupling[row] && model.rowStarts[row]! < model.rowStarts[row + 1]!;
  const parent = Int32Array.from({ length: model.numCols }, (_, col) => col);
  const find = (col: number): number => {
    while (parent[col] !== col) {
      parent[col] = parent[parent[col]!]!;
      col = parent[col]!;
    }
    return col;
  };
  const join = (a: number, b: number) => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA !== rootB) parent[rootB] = rootA;
  };
  // Parts of one item (its weeks' purchases, a component's weeks) solved as one MIP: the same
  // least, with one solver call instead of one a week (food S: 663 calls).
  const byItem = new Map<string, number>();
  for (let row = 0; row < model.numRows; row++) {
    if (!stays(row)) continue;
    const first = model.entryCols[model.rowStarts[row]!]!;
    for (let k = model.rowStarts[row]! + 1; k < model.rowStarts[row + 1]!; k++) join(first, model.entryCols[k]!);
    const key = itemKey(model.colNames[first]!);
    const other = byItem.get(key);
    if (other === undefined) byItem.set(key, first);
    else join(other, first);
  }
  const rowsOf = new Map<number, number[]>();
  for (let row = 0; row < model.numRows; row++) if (stays(row)) pushTo(rowsOf, find(model.entryCols[model.rowStarts[row]!]!), row);
  const colsOf = new Map<number, number[]>();
  let total = constant;
  let trivialColumns = 0;
  for (let col = 0; col < model.numCols; col++) {
    const root = find(col);
    if (rowsOf.has(root)) {
      pushTo(colsOf, root, col);
      continue;
    }
    // A column alone: at whichever bound its reduced cost prefers.
    const least = columnLeast(cost[col]!, model.colLower[col]!, model.colUpper[col]!);
    if (least === undefined) return undefined;
    total += least;
    trivialColumns++;
  }

  let unfinished = 0;
  for (const [root, rows] of rowsOf) {
    const columns = colsOf.get(root)!;
    const block = new LinearModel();
    const local = new Map<number, number>();
    for (const col of columns) local.set(col, block.addColumn({ name: model.colNames[col]!, lower: model.colLower[col]!, upper: model.colUpper[col]!, cost: cost[col]!, kind: model.colInteger[col] ? 'integer' : 'continuous' }));
    for (const row of rows) {
      const entries: [number, number][] = [];
      for (let k = model.rowStarts[row]!; k < model.rowStarts[row + 1]!; k++) entries.push([local.get(model.entryCols[k]!)!, model.entryValues[k]!]);
      block.addRow(model.rowNames[row]!, model.rowLower[row]!, model.rowUpper[row]!, entries);
    }
    const integer = block.numIntegers > 0;
    const result = await solver.solve(block, { ...(integer ? { mipRelGap: 1e-3 } : { relax: true }), timeLimitSeconds: options.blockTimeLimitSeconds ?? 5 });
    let least = result.bound;
    if (least === undefined && integer) {
      // No MIP bound reported: the block's LP, which the MIP can only raise, still bounds it.
      const relaxed = await solver.solve(block, { relax: true, timeLimitSeconds: options.blockTimeLimitSeconds ?? 5 });
      least = relaxed.status === 'optimal' ? relaxed.objective : undefined;
    }
    if (least === undefined || !Number.isFinite(least)) return undefined;
    if (result.status !== 'optimal') unfinished++;
    total += least;
  }
  return { bound: total, blocks: rowsOf.size, trivialColumns, unfinished, seconds: (performance.now() - started) / 1000 };
}

/** The rows that join one item to another: capacity (work centers, tools, crews) and components' stock balances. */
function couplingRows(planModel: MasterPlanModel): number[] {
  const { model, context } = planModel;
  const rows: number[] = [];
  for (const weekRows of planModel.capacityRow.values()) for (const row of weekRows) if (row >= 0) rows.push(row);
  for (const [item, weekRows] of planModel.balanceRow) {
    if ((context.consumers.get(item)?.length ?? 0) === 0) continue;
    for (const row of weekRows) if (row >= 0) rows.push(row);
  }
  // A component's echelon inequality (bound.ts) joins it to the items it goes into; an end item's
  // own inequalities stay with its block, which they make whole-lot tighter.
  const prefixes = [...context.secondary.map((capacity) => `${secondaryKey(capacity)}@`), `${ECHELON_CUT}:`];
  for (let row = 0; row < model.numRows; row++) if (prefixes.some((prefix) => model.rowNames[row]!.startsWith(prefix))) rows.push(row);
  return rows;
}

/** What a column's name says it is of: `buy:SUP-1:RM-7@3` -> `SUP-1:RM-7`, `make:FG@3` -> `FG`. */
function itemKey(name: string): string {
  const at = name.lastIndexOf('@');
  return name.slice(name.indexOf(':') + 1, at < 0 ? undefined : at);
}

/** The least of cost·x over lower ≤ x ≤ upper; undefined where unbounded. */
function columnLeast(cost: number, lower: number, upper: number): number | undefined {
  if (cost > 0) return Number.isFinite(lower) ? cost * lower : undefined;
  if (cost < 0) return Number.isFinite(upper) ? cost * upper : undefined;
  return 0;
}
