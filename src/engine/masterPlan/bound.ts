/**
 * A lower bound on the Master Plan's cost stronger than its LP relaxation: what a plan is measured
 * against where the relaxation is weak (issue 16, parts 4 and 5).
 *
 * The relaxation's weakness is the setup: `make ≤ upper × setup` lets the LP open a tenth of a
 * setup for a tenth of the biggest lot, so its setups and stock cost a fraction of any real plan's
 * (food XL tight 1.0: the LP pays 0.28 M of setups and 0.74 M of stock, the levelled plan 2.39 M
 * and 1.70 M; nearly all of the plan's 2.4 % above the bound).
 *
 * The (l,S) inequalities of single-item lot sizing (Barany, Van Roy and Wolsey, 1984) close it
 * for the end items, whose demand is known. For an end item with lead time L, weeks S ⊆ [0, l]
 * where a setup can open:
 *
 *   Σ_{t∈S} make_t ≤ Σ_{t∈S} D(t+L, l+L) · setup_t + stock_{l+L} + Σ_{t∈S} backlog_{t+L-1}
 *
 * where D(a, b) is the demand of weeks a..b. Valid for every plan of the model: let p be the first
 * week of S with a setup (no setup, nothing made); what is made in weeks p..l arrives in weeks
 * p+L..l+L, where it is delivered or still in stock at l+L, and what those weeks deliver is at
 * most their demand plus the backlog owed when they start. Made in a week of S without a setup
 * is nothing. A component's own demand is its parents' production, not known; a component whose
 * every path leads through items made to end items gets the same inequality on its echelon
 * (echelonCuts, below).
 *
 * Separated on the LP's values (for each item and l, the weeks whose term is positive form the
 * most violated S), added as rows, and the LP solved again, a few rounds. The rows are valid for
 * the MIP, so the model keeps them.
 */
import { cutRounds, type CutRound, type MipSolver } from '../linearModel';
import type { MasterPlanModel } from './model';

export interface StrengthenedBound {
  /** The best of the rounds' bounds (the first is the plain LP relaxation). */
  bound: number | undefined;
  relaxation: number | undefined;
  rounds: CutRound[];
  /** The row duals of the last LP, with every cut: where a Lagrangian bound above this one starts (lagrangian.ts). */
  rowDuals?: Float64Array;
}

/** The name of a component's echelon inequality starts so: its row joins the component to the items it goes into. */
export const ECHELON_CUT = 'echelonLotSizing';

/** A cut is added when it is violated by more than this share of what its weeks make (and a millionth of a unit). */
const MIN_VIOLATION_SHARE = 1e-4;
/**
 * Nonzeros all cut rounds may add: the WebAssembly HiGHS keeps every row in its 2 GiB heap. Mixed
 * L's first round adds 0.54 M (the model has 0.29 M), and 40 such rounds aborted HiGHS on food L;
 * the end items' cuts alone, 20 rounds of up to 0.28 M, fitted.
 */
const CUT_ENTRIES_LIMIT = 5_000_000;

export async function strengthenedBound(planModel: MasterPlanModel, solver: MipSolver, options: { rounds?: number; timeLimitSeconds?: number; cutsPerRound?: number; onRound?: (round: CutRound) => void } = {}): Promise<StrengthenedBound> {
  const settings = { rounds: options.rounds ?? 20, ...(options.timeLimitSeconds !== undefined ? { timeLimitSeconds: options.timeLimitSeconds } : {}), ...(options.onRound ? { onRound: options.onRound } : {}) };
  // Each round adds at most the model's own nonzeros, and all rounds at most CUT_ENTRIES_LIMIT.
  const modelEntries = planModel.model.entryCols.length;
  let entriesLeft = CUT_ENTRIES_LIMIT;
  const separate = (values: Float64Array) => {
    const before = planModel.model.entryCols.length;
    const added = addLotSizingCuts(planModel, values, options.cutsPerRound, Math.min(modelEntries, entriesLeft));
    entriesLeft -= planModel.model.entryCols.length - before;
    return added;
  };
  // Without a solver that keeps its basis, each round's LP is solved from scratch.
  const cold = (secondsLeft: number | undefined) => solver.solve(planModel.model, { relax: true, ...(secondsLeft !== undefined ? { timeLimitSeconds: secondsLeft } : {}) }).then((result) => ({ bound: result.status === 'optimal' ? result.objective : undefined, values: () => result.values, duals: () => result.rowDuals }));
  const rounds = solver.relaxWithCuts ? await solver.relaxWithCuts(planModel.model, separate, settings) : await cutRounds(cold, separate, settings);
  const bounds = rounds.map((round) => round.bound).filter((bound) => bound !== undefined);
  // The rows added after the last optimal LP are priced at zero: any duals give a valid Lagrangian bound.
  const lastDuals = rounds.at(-1)?.rowDuals;
  const rowDuals = lastDuals ? Float64Array.from({ length: planModel.model.numRows }, (_, row) => lastDuals[row] ?? 0) : undefined;
  return { bound: bounds.length > 0 ? Math.max(...bounds) : undefined, relaxation: rounds[0]?.bound, rounds, ...(rowDuals ? { rowDuals } : {}) };
}

interface Cut {
  name: string;
  entries: [number, number][];
  violation: number;
}

/** The (l,S) inequalities the values violate, added to the model as rows (at most `most`, with at most `entries` nonzeros in all); how many. */
export function addLotSizingCuts(planModel: MasterPlanModel, values: ArrayLike<number>, most = Infinity, entries = Infinity): number {
  const { context, model } = planModel;
  const weeks = context.weeks;
  // Demand from each week to the horizon's end: D(a, b) = after[a] - after[b + 1].
  const after = new Map<string, Float64Array>();
  const demandAfter = (id: string) => {
    let row = after.get(id);
    if (row) return row;
    row = new Float64Array(weeks + 1);
    for (let week = weeks - 1; week >= 0; week--) row[week] = row[week + 1]! + context.demandOf(id, week);
    after.set(id, row);
    return row;
  };
  const found: Cut[] = [];
  // An end item is its own echelon: its stock, its demand and backlog, offset by its lead time.
  for (const item of context.finished) {
    if ((context.consumers.get(item.id)?.length ?? 0) > 0) continue;
    const self = { item: item.id, offset: context.leadTime(item.id), r: 1 };
    found.push(...echelonCuts(planModel, values, item.id, { stocks: [self], ends: [self] }, 'lotSizing', demandAfter));
  }
  for (const item of context.produced) {
    if ((context.consumers.get(item.id)?.length ?? 0) === 0) continue;
    const echelon = echelonOf(planModel, item.id);
    if (echelon) found.push(...echelonCuts(planModel, values, item.id, echelon, ECHELON_CUT, demandAfter));
  }
  // The most violated first, relative to what their weeks make, where there are more than `most`
  // or their nonzeros more than `entries`.
  found.sort((a, b) => b.violation - a.violation);
  let added = 0;
  let nonzeros = 0;
  for (const cut of found) {
    if (added >= most || nonzeros + cut.entries.length > entries) break;
    model.addRow(cut.name, -Infinity, 0, cut.entries);
    nonzeros += cut.entries.length;
    added++;
  }
  return added;
}

/**
 * An item's inequalities on its echelon, for each last week l: the weeks whose term is positive
 * form the most violated S. For an end item, the inequality of the header. For a component: what
 * it makes in weeks p..l (arriving by l+L) is in its stock at l+L or went into its consumers' lots
 * of weeks p+L..l+L; an intermediate consumer's lots are in turn in its stock or went into its own
 * consumers' lots, offset by its lead time; and an end item's lots of weeks a..b (arriving
 * a+Le..b+Le) are delivered, owed before, or in its stock at b+Le. With r what one end item (or
 * intermediate) takes of the component down that path, scrap included, and the offsets summed
 * along it, ED the end items' demand so offset:
 *
 *   Σ_{t∈S} make_t ≤ Σ_{t∈S} ED(t, l) · setup_t + Σ_echelon r · stock_{l+offset} + Σ_end items r · Σ_{t∈S} backlog^e_{t+offset-1}
 *
 * Without the components' rows the LP opened a tenth of a bulk batch's setup for a tenth of the
 * biggest batch (food M tight 1.0: the LP with the end items' cuts paid 4.8 k of component
 * setups, the plan 42.6 k).
 */
function echelonCuts(planModel: MasterPlanModel, values: ArrayLike<number>, id: string, echelon: Echelon, prefix: string, demandAfter: (id: string) => Float64Array): Cut[] {
  const weeks = planModel.context.weeks;
  const x = planModel.production.get(id);
  const y = planModel.setup.get(id);
  if (!x || !y || !y.some((col) => col >= 0)) return [];
  const stocks = echelon.stocks.map((stock) => ({ ...stock, columns: planModel.inventory.get(stock.item)! }));
  const ends = echelon.ends.map((end) => ({ ...end, after: demandAfter(end.item), backlog: planModel.backlog.get(end.item) }));
  const longest = Math.max(...stocks.map((stock) => stock.offset));
  const found: Cut[] = [];
  for (let last = 0; last + longest < weeks; last++) {
    const entries: [number, number][] = [];
    let violation = 0;
    for (const stock of stocks) violation -= stock.r * values[stock.columns[last + stock.offset]!]!;
    let made = 0;
    for (let week = 0; week <= last; week++) {
      if (x[week]! < 0 || y[week]! < 0) continue;
      let demand = 0;
      let owed = 0;
      const owedEntries: [number, number][] = [];
      for (const end of ends) {
        demand += end.r * (end.after[week + end.offset]! - end.after[last + end.offset + 1]!);
        const col = week + end.offset - 1 >= 0 && end.backlog ? end.backlog[week + end.offset - 1]! : -1;
        if (col >= 0) {
          owed += end.r * values[col]!;
          owedEntries.push([col, -end.r]);
        }
      }
      const term = values[x[week]!]! - demand * values[y[week]!]! - owed;
      if (term <= 1e-9) continue;
      violation += term;
      made += values[x[week]!]!;
      entries.push([x[week]!, 1]);
      if (demand > 0) entries.push([y[week]!, -demand]);
      entries.push(...owedEntries);
    }
    if (entries.length === 0 || violation <= Math.max(1e-6, MIN_VIOLATION_SHARE * made)) continue;
    for (const stock of stocks) entries.push([stock.columns[last + stock.offset]!, -stock.r]);
    found.push({ name: `${prefix}:${id}@${last}`, entries, violation: violation / Math.max(1, made) });
  }
  return found;
}

interface EchelonTerm {
  item: string;
  /** Weeks from the component's lot to this item's arrival. */
  offset: number;
  /** Units of the component in one of this item, down this path. */
  r: number;
}

interface Echelon {
  /** The component's own stock, and that of each item down its paths. */
  stocks: EchelonTerm[];
  /** The end items its paths reach. */
  ends: EchelonTerm[];
}

/**
 * A component's echelon: its own stock and that of every intermediate down to the end items, each
 * with its offset and use; undefined where a path meets an item sold as well as used, or bought
 * rather than made on its way.
 */
function echelonOf(planModel: MasterPlanModel, id: string): Echelon | undefined {
  const { context } = planModel;
  const own = { item: id, offset: context.leadTime(id), r: 1 };
  const echelon: Echelon = { stocks: [own], ends: [] };
  const expand = (node: string, offset: number, r: number, depth: number): boolean => {
    if (depth > 20) return false;
    for (const use of context.consumers.get(node) ?? []) {
      const parent = context.items.get(use.parent)!;
      if (!planModel.production.has(parent.id)) return false;
      const term = { item: parent.id, offset: offset + context.leadTime(parent.id), r: r * use.perUnit };
      echelon.stocks.push(term);
      if ((context.consumers.get(parent.id)?.length ?? 0) === 0) {
        if (parent.type !== 'finished') return false;
        echelon.ends.push(term);
      } else if (parent.type === 'finished' || !expand(parent.id, term.offset, term.r, depth + 1)) return false;
    }
    return true;
  };
  return expand(id, own.offset, 1, 0) ? echelon : undefined;
}
