/**
 * How the Master Plan model is solved, always within the time limit and always with a plan:
 *
 * 1. The LP relaxation: the bound the plan is measured against.
 * 2. A first plan by rounding and repair: LP quantities rounded to the lot rules, cut back
 *    where capacity or stock does not hold (extract.ts), then an LP with those integer decisions
 *    fixed re-optimizes deliveries, stocks and overtime. Feasible by construction. Then
 *    polished: its setups kept, the LP places the lots again, filled up to capacity; and lots
 *    of consecutive weeks merged where that is cheaper.
 * 3. Improvement. Small models: the full MIP, started from that plan, to the gap or the limit
 *    (with under 20 s left, after one sweep of the windows below, which improve sooner).
 *    Large models: fix-and-optimize over windows of weeks, each a MIP in which only that
 *    window's setups and lots are free and the rest stays at the incumbent, started from it,
 *    so no window can make the plan worse. Windows sweep the horizon until time runs out.
 * 4. A last LP with every integer decision fixed, whose duals say which capacities and materials
 *    bind (used for the reasons).
 */
import { grownBasis, type LpBasis, type MipSolver, type SolveResult } from '../linearModel';
import { fillToCapacity, heldSlushyFixes, integerFixes, lotFixes, type PlanQuantities, repairPlan, roundedDecisions, setupsCrowd, setupsFromRelaxation, staggeredSetups, wishesFrom } from './extract';
import { economicPlan } from './economicPlan';
import type { LotChoice } from './loadAwareLots';
import { endItemsFromRelaxation, levelledMasterSchedule, mrpDecisions } from './mrp';
import { planCost } from './objective';
import type { PlanningContext } from './context';
import type { MasterPlanModel } from './model';

export type SolveStrategy = 'exact' | 'lp-rounding' | 'levelled';

export interface SolveSettings {
  timeLimitSeconds: number;
  mipRelGap: number;
  strategy?: SolveStrategy | 'auto';
  /** Weeks per fix-and-optimize window. */
  windowWeeks?: number;
  shouldStop?: () => boolean;
  onProgress?: (message: string) => void;
  /** The solver's progress as figures: the plan in hand (objective) and the bound, over time. */
  onPoint?: (point: SolverPoint) => void;
  /** Stop after the first plan (steps 1 and 2): the closed loop with the APS learns on it. */
  firstPlanOnly?: boolean;
  /** Whether the plan XL keeps is one more first plan when rounding below ECONOMIC_FIRST_PLAN_COLUMNS (default yes; the closed loop says no). */
  economicFirstPlan?: boolean;
  /**
   * Whether that plan, re-optimized, may lead where it is the cheapest first plan (default yes). No:
   * its setups are only polished after the leader's (step 2a'), as where it came out a little dearer.
   */
  economicFirstPlanLeads?: boolean;
  /** More first plans to weigh against rounding and repair (the closed loop's plan, made under the same limits). */
  extraFirstPlans?: PlanQuantities[];
  /**
   * Start from the plan that holds the slushy zone even where a free first plan is cheaper: the
   * closed loop found the previous plan's weeks on time, and a cheaper plan that is not would be
   * cut back after (closed loop on paint S after a roll: held 181,263, free 149,081 cut to 191,079).
   * A predicate is asked about the free plan's values and the held one's: held where it says so
   * (the free plan runs late, and holding gives up no more than that).
   */
  preferHeld?: boolean | ((free: Float64Array, held: Float64Array) => boolean | Promise<boolean>);
  /** The LP relaxation of this very model, already solved (the closed loop's first plan): not solved again. */
  relaxation?: SolveResult;
  /**
   * The optimal basis of the LP relaxation of a model this one grew from (the closed loop's first
   * plan, before it held capacity back): its LP starts there. Food M: 0.29 s cold, 0.03 s from it.
   */
  relaxationBasis?: LpBasis;
  /**
   * A plan of this very model already re-optimized (the closed loop's first plan, where learning
   * changed nothing): the improvement goes on from it instead of making the first plans again.
   */
  incumbent?: SolveResult;
  /**
   * The first week whose lots the polish fills up to capacity (default: the first after the frozen
   * zone). The closed loop starts it after the released weeks, whose load the APS checks.
   */
  fillFromWeek?: number;
}

export interface SolverPoint {
  seconds: number;
  objective?: number;
  bound?: number;
}

export interface SolveOutcome {
  strategy: SolveStrategy;
  /** The solver's values; undefined when no solve finished, and the plan is `firstPlan`. */
  values: Float64Array | undefined;
  /** The cheaper first plan by rounding and repair, feasible without any solver. */
  firstPlan: PlanQuantities;
  rowDuals: Float64Array | undefined;
  objective: number;
  bound: number | undefined;
  /** True when the solver proved the plan optimal within the requested gap. */
  proven: boolean;
  solveSeconds: number;
  windows: number;
  /** Set when a solve had to be ended from outside (it overran its limit, or was cancelled). */
  stopped: 'time-limit' | 'cancelled' | undefined;
  /** The LP relaxation this solve started from. */
  relaxation?: SolveResult;
  /** True when setups crowd a work center and the first plan by economic interval (staggered setups) had no time to be made. */
  staggeredMissing?: boolean;
  /** True when the plan started from the previous plan's slushy weeks held (step 2b). */
  heldPrevious?: boolean;
}

/**
 * The MIP gap of a window (fix-and-optimize, the released weeks again): HiGHS measures it against
 * the whole plan's objective, so at the plan's own gap (1 % in the demo's policy) a window stopped
 * at its root whenever all it could gain was under 1 % of the plan, which on M is every window
 * (food M tight 1.0, 10 s, without the loop: windows of one and two weeks all "gap-limit" in
 * 0.2-0.3 s, nothing gained). A window's slice bounds its time instead. At 1e-4 (npm run bench --
 * gap --sizes M, without the loop): food M 2.5286 M -> 2.5259 M, mixed M 3.4384 M -> 3.4293 M,
 * paint M unchanged; 1e-3 and 1e-5 alike.
 */
export const WINDOW_MIP_REL_GAP = 1e-4;

/** Integer decisions up to which the full MIP is the improvement step. */
const EXACT_INTEGER_LIMIT = 4_000;

/**
 * The share of a sweep the horizon's last window may take. It is the window that improves M plans:
 * the others end at their slices with nothing found, at one, two or four weeks each, and still do
 * with 3-4.5 s each (food M tight 1.0 at 40 s). Its MIP goes on finding better plans for 4-5 s:
 * without the loop at 10 s, tight 1.0, at a half (2.7 s) -> 0.9 (4.7 s): food M 2.5232 M ->
 * 2.5218 M, mixed M 3.4248 M -> 3.4241 M, paint M 4.1040 M -> 4.0984 M; seed 2 and tight 0.8 and
 * 1.2 equal or lower; S and L unchanged (at L no time is left for windows). Given 19 s (food M
 * at 30 s) it ends where it is at 4.7 s. At its even share it had ended without the plan it
 * finds in 0.34 s (paint M at 8.5 s: 0.32 s).
 */
const END_WINDOW_SHARE = 0.9;

/** Time left from which the full MIP runs first (small models), rather than a sweep of windows. */
const MIP_FIRST_SECONDS = 20;
/**
 * The least time the full MIP is started with. Given less, HiGHS (WebAssembly) overran by about
 * 0.3 s and came back with its start: the closed loop's full solve on the demo S plants at 2 s,
 * food, paint and mixed at tight 0.8 and 1.0, gave it 0.32-0.47 s; it ran 0.41-0.66 s and found
 * nothing better in 6 of 6, and the overrun was the time the final plan's correction needed (food
 * S tight 1.0: 3 late lots left uncorrected in weeks 1, 2 and 4, every run).
 */
const MIP_MIN_SECONDS = 0.5;
/**
 * What the full MIP runs past its limit, kept off the limit it is given: 0.09-0.36 s on those S
 * plants (given 0.32-0.65 s). Given 0.65 s, food S tight 1.0's ran 0.95 s and the closed loop's
 * final plan was checked once, its late lots never corrected.
 */
const MIP_OVERRUN_SECONDS = 0.3;
/**
 * Polish rounds at most: the third rarely gains a tenth of a percent (mixed M tight 1.2; paint M
 * tight 1.0: 4.12668 M -> 4.12650 M) and took the time the horizon's last window needs, which gains
 * 0.8 % there (10 s from the process's start: 4.127 M -> 4.095 M).
 */
const POLISH_ROUNDS = 2;
/** Per model column, the slice below which an LP is not started: a tenth of the fastest measured (4e-5 s, mixed L). */
const LP_HOPELESS_SECONDS_PER_COLUMN = 4e-6;

/**
 * From this model size the economic levelled plan (mrp.ts) is one more first plan. On L the first
 * plan mostly is the plan (10 s, tight 1.0: food L -1.7 %, paint L -1.7 %, mixed L -2.5 %); on M,
 * with time to improve it, leading from it came out dearer as often as cheaper (paint M +4.8 %,
 * food M +1.4 %, mixed M -2.6 %). M models have about 23,000 columns, L about 87,000.
 */
const ECONOMIC_FIRST_PLAN_COLUMNS = 50_000;
/**
 * Below that size, the plan XL keeps (economicPlan.ts: lots picked together, what the repair cut
 * made up later, made in several ways and the cheapest kept) is one more first plan. It is made
 * a way at a time while the solver's thread solves the relaxation and the LP after it, lots
 * priced against the load first, and the first plans wait for it (0.3-0.5 s more on M), for at
 * most this share of the limit and this long. Its lots are few and whole where the LP's are lot
 * for lot (food M: 1,200 end-item lots against Wagner–Whitin's 467), so where it leads, the polish
 * places the lots under its setups: 10 s without the loop (`scripts/bench/planChild.ts KIND M 1
 * 1.0 10 isolated no-loop`), food M 2.523 M -> 2.495 M; paint M 4.104 M and mixed M 3.428 M
 * unchanged (it does not lead there). In WAYS's order, food M's leading way (lots priced against
 * the load) came fifth, and `npm run bench -- gap --sizes M` found it within 30 % of the limit in
 * one run of three (median 2.523 M); first, 20 % is enough. With the loop, two runs each, within
 * the loop's run-to-run spread (food M 2.576/2.546 M against 2.539/2.560 M, paint M 4.446/4.234 M
 * against 4.209/4.496 M, mixed M 3.559/3.479 M against 3.522/3.529 M), and the same bench (median
 * of 3) had the loop's plans dearer (paint M 4.382 M, where it never leads): the loop, whose
 * checks need the time, goes without it. Nor where the MIP is solved whole (`exact`, S): a first
 * plan is only its start there, and fresh S plans came out the same with it.
 * Stability: made free only, after a week's roll with nothing changed (10 s, no loop, as planned)
 * it led and the plan changed its slushy zone (food M 1.3-3.4 %, paint M 3.1 %, mixed M 3.2 % of
 * the volume; without it 0.6 %, 0 %, 0 %), as food S seed 2 did at 2 s (5 %). So it is also made
 * with the slushy weeks held at the previous plan, one more held plan for step 2b, and the free one
 * is left out where the held one costs at most ECONOMIC_HELD_MARGIN more: the previous plan still
 * holds there. After the roll: 0 % changed on all three, at 2.476 M, 4.071 M and 3.365 M against
 * 2.512 M, 4.086 M and 3.388 M without it. Held against free after the roll, 0.7 s each: food M
 * +0.19 %, paint M -0.13 %, mixed M -0.15 %; on the fresh demos, whose generated previous plans do
 * not hold, +2.6 %, +0.4 %, +0.7 %: food M's free one is made a first plan. Its lead is narrow
 * there (re-optimized, 2.5311 M against MRP under the LP's 2.5327 M): `scripts/bench/planChild.ts
 * food M 1 1.0 10 isolated no-loop` gave 2.495 M in 14 runs of 14, but two of the four runs of `npm run
 * bench -- gap --sizes M` had a median of 2.523 M, where it did not lead. Where it does not lead
 * but comes close, its setups are polished too (step 2a'): 2.496 M kept from leading.
 */
const ECONOMIC_PLAN_MAX_SECONDS = 2;
const ECONOMIC_PLAN_LEADING: LotChoice[] = ['priced-load'];
const ECONOMIC_PLAN_SHARE = 0.2;
/** How much dearer the economic plan held in the slushy weeks may be and still keep the free one out (see above; at 2 % food M's fresh demo came close, +2.6 %). */
const ECONOMIC_HELD_MARGIN = 0.01;
/** How much dearer than the polished plan the economic first plan, re-optimized, may be for its setups to be polished too (step 2a'). */
const ECONOMIC_POLISH_MARGIN = 0.005;
/**
 * Per model column, the least time for the first solve of a model, which sends it to the solver's
 * thread: a first plan's LP with every integer fixed took 1.49 s on mixed L the first time, 0.5 s
 * after (food M: 0.71 s, then 0.1 s).
 */
const FIRST_SOLVE_SECONDS_PER_COLUMN = 3e-5;
/**
 * Per model column, what the first plan takes once the LP that gathers production under the
 * relaxation's setups is done: MRP under it (0.1-0.3 s on mixed L, 87,259 columns) and
 * re-optimized with its integers fixed (1.3-2.2 s). That LP may run until only this is left.
 */
const FIRST_PLAN_SECONDS_PER_COLUMN = 1.8e-5;
/** The least share of the plan's cost the LP with its setups kept must promise for a polish round to go on. */
const POLISH_MIN_GAIN = 0.01;
/**
 * The same, where there is no time to place the lots in blocks (BLOCKS_MIN_SECONDS): rounded all
 * at once, a polish promising under 5 % came out dearer (food M tight 1.0, the closed loop's first
 * plan: 2.552 M polished to 2.626 M).
 */
const POLISH_MIN_GAIN_AT_ONCE = 0.05;
/** Time left below which an LP's lots are placed all at once, not in blocks (three LPs of 0.3 s on M, and the placement after). */
const BLOCKS_MIN_SECONDS = 1.5;
/** Weeks placed and held at a time when an LP's lots are rounded in blocks: a quarter of M's 24 (an LP of 0.3 s each). */
const ROUNDING_BLOCK_WEEKS = 6;
/** Merge rounds at most: the third closes a few dozen lots and gains under 0.2 % (metal M). */
const MERGE_ROUNDS = 3;

/** Item-weeks beyond which even the LP relaxation no longer fits the time and memory goals. */
export const LP_ITEM_WEEK_LIMIT = 40_000;

/** Chosen from the factory's size before any model is built, so a huge one never allocates it. */
export function chooseStrategy(context: PlanningContext): SolveStrategy {
  const itemWeeks = context.factory.items.length * context.weeks;
  if (itemWeeks > LP_ITEM_WEEK_LIMIT) return 'levelled';
  const integerEstimate = (context.produced.length * 2 + context.purchaseOptions.length / Math.max(1, context.weeks) * 2) * context.weeks;
  return integerEstimate <= EXACT_INTEGER_LIMIT ? 'exact' : 'lp-rounding';
}

/**
 * A plan without any solver: levelled master schedule, MRP below it, repair. `economic` where it
 * is the plan itself, not a solver's first plan (see levelledMasterSchedule).
 */
export function levelledPlan(context: PlanningContext, economic = false) {
  return repairPlan(context, mrpDecisions(context, levelledMasterSchedule(context, economic), economic));
}

export async function solvePlanModel(planModel: MasterPlanModel, solver: MipSolver, settings: SolveSettings & { strategy: 'exact' | 'lp-rounding' }): Promise<SolveOutcome> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  // The last LP (duals, clean continuous values) must not be starved: keep a share for it.
  const reserve = Math.min(5, 0.15 * settings.timeLimitSeconds);
  const remaining = () => Math.max(0.05, settings.timeLimitSeconds - reserve - elapsed());
  // Until an improvement step changes the integers, the last LP is not needed: no reserve.
  const left = () => Math.max(0.05, settings.timeLimitSeconds - elapsed());
  const strategy = settings.strategy;
  const { model, context } = planModel;
  const progress = settings.onProgress ?? (() => undefined);
  const point = (figures: Omit<SolverPoint, 'seconds'>) => settings.onPoint?.({ seconds: elapsed(), ...figures });
  const stop = settings.shouldStop ? { shouldStop: settings.shouldStop } : {};
  let stopped: SolveOutcome['stopped'];
  // A window's MIP that overruns its slice is only a window without improvement: the sweep goes
  // on (seen: one 0.3 s window ended by the watchdog ended a 10 s food M plan at 4.6 s, and the
  // plan said it had been stopped). Any other solve ended from outside is what the plan reports.
  const solve = async (options: Parameters<MipSolver['solve']>[1], window = false) => {
    const result = await solver.solve(model, options);
    if (result.stopped) {
      if (!window || result.stopped === 'cancelled') stopped ??= result.stopped;
      progress(result.stopped === 'cancelled' ? `cancelled: the solver was stopped after ${result.seconds.toFixed(2)} s` : `the solver overran its ${options?.timeLimitSeconds?.toFixed(2)} s limit and was stopped after ${result.seconds.toFixed(2)} s; the plan keeps the best one in hand`);
    }
    return result;
  };
  const halted = () => stopped === 'cancelled' || (settings.shouldStop?.() ?? false);
  const integerCols = integerColumnsOf(model);

  // 1. LP relaxation.
  // Most of the time: without an optimal relaxation there is neither a bound nor a good guide. What
  // it leaves must still re-optimize a first plan (0.1-0.2 s on M).
  // HiGHS stops 0.15-0.2 s after its limit on M (asking a deadline at its callbacks instead slows the simplex by 15 %).
  // An LP that cannot end in its slice gives neither bound nor guide, and its watchdog and the
  // solver thread started again after it cost more than the slice (mixed L at 0.7 s: an LP asked
  // to stop at once ran 0.54 s, the plan came back at 2.5 s): below a tenth of what the fastest
  // measured LP takes per column (mixed L, 4e-5 s), the levelled schedule leads alone.
  // The closed loop's first plan keeps no half second after it: the full solve reuses the LP, and
  // without it the loop's plan is the levelled one (metal S tight 1.0 at 2 s: a first share of
  // 0.6 s left the LP 0.1 s, it takes 0.15 s; the plan lost 8.8 % of demand, with the LP 0.3 %).
  const lpSlice = settings.firstPlanOnly ? left() * 0.85 : Math.min(left() * 0.85, left() - 0.5);
  const startBasis = settings.relaxationBasis && grownBasis(settings.relaxationBasis, model.numCols, model.numRows);
  const lpHopeless = !settings.relaxation && !startBasis && lpSlice < LP_HOPELESS_SECONDS_PER_COLUMN * model.numCols;
  progress(`LP relaxation${lpHopeless ? ' left out, no time for it' : ''}: ${model.numCols} columns (${integerCols.length} integer), ${model.numRows} rows`);
  const relaxationSolved = settings.relaxation ?? (!lpHopeless ? solve({ relax: true, timeLimitSeconds: Math.max(lpSlice, startBasis ? 0.3 : 0), ...(startBasis ? { basis: startBasis } : {}), ...stop }) : skippedSolve(model.numCols));
  // The solver-free first plans are made on this thread while the solver's own solves the
  // relaxation (0.4 s on L the first time): at 10 s on L the time after the relaxation decides
  // whether the LP the first plan follows ends (below).
  const improvedAlready = settings.incumbent?.hasSolution ?? false;
  if (relaxationSolved instanceof Promise) await new Promise((resolve) => setTimeout(resolve, 0));
  const large = model.numCols >= ECONOMIC_FIRST_PLAN_COLUMNS;
  const economicSeconds = Math.min(ECONOMIC_PLAN_MAX_SECONDS, ECONOMIC_PLAN_SHARE * settings.timeLimitSeconds);
  // Made between the solver's results, a way at a time (economicPlan.ts), until the first plans need it.
  const economicWanted = settings.strategy === 'lp-rounding' && !large && !improvedAlready && settings.economicFirstPlan !== false;
  const economicDeadline = performance.now() + economicSeconds * 1000;
  const economic = economicWanted ? economicPlan(context, { deadline: economicDeadline, leading: ECONOMIC_PLAN_LEADING, onProgress: (message) => progress(`  economic: ${message.trim()}`), ...stop }) : undefined;
  // The same with the slushy weeks held at the previous plan, for the held plan below (step 2b):
  // where the free one leads, the held plan must be as good to keep the slushy zone.
  const economicHeld = economicWanted && context.heldSlushyWeeks > 0 ? economicPlan(context.withSlushyHeld(), { deadline: economicDeadline, leading: ECONOMIC_PLAN_LEADING, ...stop }) : undefined;
  const solverFreePlans = [{ name: 'levelled', plan: levelledPlan(context) }, ...(large ? [{ name: 'levelled economic', plan: levelledPlan(context, true) }] : [])];
  const relaxation = await relaxationSolved;
  // Besides this LP only the one below on L starts from a basis: LPs with setups or integers fixed are solved cold, presolve
  // takes them apart faster than the simplex goes from the relaxation's basis (metal L tight 1.0,
  // setups fixed by economic interval: 0.57 s cold, 5.78 s from it; food M, every integer fixed:
  // 0.12 s cold, 0.34 s from it; only food M's and mixed L's setups-fixed LPs were faster from it).
  let bound = relaxation.status === 'optimal' ? relaxation.objective : undefined;
  if (bound !== undefined) point({ bound });

  // 2. Open setups where the LP makes real lots, re-solve so production gathers there, then round,
  //    repair, and re-optimize with every integer fixed.
  let guide = relaxation.values;
  const crowded = setupsCrowd(context);
  // One more where setups would crowd a work center (extract.ts, setupsCrowd) and time allows:
  // setups every item's economic interval apart (staggeredSetups), the LP places the lots under
  // them, rounded, filled and repaired. There the LP's own timing opens too many: metal L tight
  // 1.0 at 20 s, plan 2.88 M (34 % of demand lost, LP bound 1.47 M) -> 1.67 M (3 %).
  // An LP's lots rounded down and filled up to capacity, then repaired: a plan feasible by construction.
  const placed = (values: Float64Array) => {
    const { decisions, filled } = lotsPlaced(planModel, values, settings.fillFromWeek);
    return { filled, plan: repairPlan(context, decisions, wishesFrom(planModel, values)) };
  };
  // It goes before the LP that gathers production (below): it is what leads there, and after that
  // one it had no time left (metal L tight 1.0, the loop's first pass at 30 s: the gathering LP
  // ended at 5.1 s, this one never started, and the plan served 66 % of demand).
  let staggered: PlanQuantities | undefined;
  if (crowded && relaxation.hasSolution && !improvedAlready && remaining() > 1 && !halted()) {
    const lp = await solve({ relax: true, fix: staggeredSetups(planModel, relaxation.values), timeLimitSeconds: remaining() * 0.3, ...stop });
    if (lp.hasSolution && !lp.stopped) {
      staggered = placed(lp.values).plan;
      progress(`  setups by economic interval: LP ${lp.objective.toFixed(2)}, rounded and repaired ${planCost(context, staggered).toFixed(2)}, ${elapsed().toFixed(2)} s`);
    }
  }
  // The LP that gathers production under the relaxation's setups, which the first plan follows.
  // Worth it only with time to finish: at a short limit the relaxation itself is the better guide.
  // It has 0.6 of what is left, or, where setups do not crowd, all but what the first plan needs
  // after it where that is more (it ends when done: 0.1-0.5 s on M): with 0.3, food L's was cut
  // short at 10 s and its first plan followed the raw relaxation (mixed L, once: 15.41 M,
  // 14.31 M). At 10 s on L it is a
  // toss-up: mixed L's relaxation ended 3.5-5.1 s into a solve of 6.8-7.4 s (`ponte plan`,
  // 2026-11-28). Cold, this LP took 1.8-2.3 s and ended in 3 of 10 runs (13.92 M; else 14.42 M).
  // From the relaxation's basis it takes 0.9-1.0 s there (food L 1.3 s against 1.7 s, paint L
  // 0.55 s against 1.4 s): the bench's plan runs (`scripts/bench/planChild.ts KIND L 1 1.0 10
  // isolated no-loop`) ended it 3 of 3 times on mixed L (14.42 M -> 13.92 M), 2 of 3 on food L
  // (14.58 M -> 14.49 M), `ponte plan` 7 of 11 on mixed L. Not where setups crowd a work center:
  // there, from the basis, it took 15.5 s against 2.0 s cold (metal L), and on M 0.7-1.0 s
  // against 0.3-0.5 s (metal M, mixed M).
  if (relaxation.hasSolution && !improvedAlready && remaining() > 0.5 && !halted()) {
    const gatherSlice = crowded ? remaining() * 0.6 : Math.max(remaining() * 0.6, left() - FIRST_PLAN_SECONDS_PER_COLUMN * model.numCols);
    const fromBasis = model.numCols >= ECONOMIC_FIRST_PLAN_COLUMNS && !crowded && relaxation.basis;
    const gathered = await solve({ relax: true, fix: setupsFromRelaxation(planModel, relaxation.values), timeLimitSeconds: gatherSlice, ...(fromBasis ? { basis: relaxation.basis } : {}), ...stop });
    if (gathered.hasSolution) guide = gathered.values;
    progress(`  LP with setups where the relaxation makes lots: ${gathered.hasSolution ? gathered.objective.toFixed(2) : gathered.status}${gathered.stopped ? ' (stopped)' : ''}, ${elapsed().toFixed(2)} s`);
  }
  // The economic plan, free and held (both in hand from here on). Where the previous plan's slushy
  // weeks still hold (its economic plan costs little more held there), the free one is left out:
  // it would lead, and the held plan (step 2b) no longer would.
  const heldEconomic = economicHeld && (await economicHeld);
  if (economic) {
    const free = await economic;
    if (!heldEconomic || planCost(context, heldEconomic) > (1 + ECONOMIC_HELD_MARGIN) * planCost(context, free)) solverFreePlans.push({ name: 'economic', plan: free });
  }
  // Two first plans, both feasible by construction: MRP under the LP's end-item timing, and the
  // solver-free levelled schedule. Each is re-optimized with its integers fixed; the cheaper leads.
  // Cheaper first (by the plan's own cost), so that a short budget spends itself on the better one.
  // Without a relaxation there is no timing to follow: only the levelled schedule.
  const firstPlans = [
    ...(relaxation.hasSolution ? [{ name: 'MRP under the LP', plan: mrpPlanUnder(planModel, context, guide) }] : []),
    ...solverFreePlans,
    ...(staggered ? [{ name: 'staggered setups', plan: staggered }] : []),
    ...(settings.extraFirstPlans ?? []).map((plan) => ({ name: 'given', plan })),
  ]
    .map(({ name, plan }) => ({ name, plan, fix: integerFixes(planModel, plan), cost: planCost(context, plan) }))
    .sort((a, b) => a.cost - b.cost);
  progress(`first plans: ${firstPlans.map(({ name, cost }) => `${name} ${cost.toFixed(2)}`).join(', ')}, ${elapsed().toFixed(2)} s`);
  const firstPlan = firstPlans[0]!.plan;
  // Within the budget. Without a re-optimized plan the first plan itself is the answer: it holds
  // every rule by construction, only its deliveries and overtime are not optimized.
  const reoptimized: SolveResult[] = improvedAlready ? [settings.incumbent!] : [];
  // The economic first plan re-optimized: where it does not lead, its setups are polished too (2a).
  let economicReoptimized: SolveResult | undefined;
  for (const [index, { fix, name }] of (improvedAlready ? [] : firstPlans).entries()) {
    if (halted() || left() <= (index > 0 ? 0.3 : (lpHopeless ? FIRST_SOLVE_SECONDS_PER_COLUMN : LP_HOPELESS_SECONDS_PER_COLUMN) * model.numCols)) break;
    const candidate = await solve({ relax: true, fix, timeLimitSeconds: Math.max(0.3, left()), ...stop });
    if (!candidate.hasSolution) continue;
    if (name === 'economic') economicReoptimized = candidate;
    if (name !== 'economic' || settings.economicFirstPlanLeads !== false) reoptimized.push(candidate);
  }
  reoptimized.sort((a, b) => a.objective - b.objective);
  if (reoptimized.length === 0) {
    progress(`first plan by rounding and repair, not re-optimized: ${elapsed().toFixed(2)} s`);
    return { strategy, values: undefined, firstPlan, rowDuals: undefined, objective: firstPlans[0]!.cost, bound, proven: false, solveSeconds: elapsed(), windows: 0, stopped };
  }
  let incumbent: SolveResult = reoptimized[0]!;
  // An LP with every integer fixed: its duals are the ones step 4 would compute again.
  let incumbentHasFixedDuals = incumbent.status === 'optimal' && incumbent.rowDuals !== undefined;
  point({ objective: incumbent.objective });
  progress(`${improvedAlready ? 'first plan, improved already' : 'first plan by rounding and repair'}: objective ${incumbent.objective.toFixed(2)}${bound !== undefined ? `, LP bound ${bound.toFixed(2)}` : ''}, ${elapsed().toFixed(2)} s`);

  const better = (candidate: SolveResult) => candidate.hasSolution && candidate.objective < incumbent.objective - 1e-6 * Math.max(1, Math.abs(incumbent.objective));
  // An LP's lots placed as above, and re-optimized with every integer fixed.
  const placedAgain = async (values: Float64Array) => {
    const { filled, plan } = placed(values);
    const result = await solve({ relax: true, fix: integerFixes(planModel, plan), timeLimitSeconds: Math.max(0.3, remaining() * 0.3), ...stop });
    return { filled, result };
  };
  // The same, a block of weeks at a time: the block's lots placed and held, the LP places the
  // weeks after again under `fixes` (setups), so a week rounded down is caught up by the next.
  // Rounded all at once, the lots a full work center rounds down are sales lost: food M tight 1.0,
  // lots merged, 71 k lost where the LP under the same setups lost none; in blocks 30 k, and the
  // merged plan 2.619 M -> 2.571 M (-> 2.532 M with MRP's purchases, below the first plan's 2.552 M).
  // Three more LPs a placement: 0.3 s each on M.
  const blocksFit = () => remaining() >= BLOCKS_MIN_SECONDS;
  const placedInBlocks = async (values: Float64Array, fixes: [number, number, number][]) => {
    let current = values;
    for (let end = context.frozenWeeks + ROUNDING_BLOCK_WEEKS; end < context.weeks; end += ROUNDING_BLOCK_WEEKS) {
      if (!blocksFit() || halted()) break;
      const held = lotFixes(planModel, placed(current).plan.production, end);
      const heldCols = new Set(held.map(([col]) => col));
      const lp = await solve({ relax: true, fix: [...fixes.filter(([col]) => !heldCols.has(col)), ...held], timeLimitSeconds: Math.max(0.3, remaining() * 0.2), ...stop });
      if (!lp.hasSolution || lp.stopped) break;
      current = lp.values;
    }
    return placedAgain(current);
  };

  // 2a. Polish the first plan: its setups kept, the LP places the lots again; its end items'
  //     lots rounded with a carry and MRP below them, as the first plan was made, or else rounded
  //     down then filled up to each work center's capacity (extract.ts, fillToCapacity); repaired
  //     and re-optimized; kept while it is cheaper. A round costs two LPs with the integers fixed
  //     (0.4-0.5 s on M). Measured on demo M factories at tight 1.2, first plan -> polished:
  //     mixed seed 1 5.83 M -> 4.73 M (LP bound 4.05 M), paint seed 1 5.95 M -> 5.11 M, mixed
  //     seed 2 8.19 M -> 7.39 M, food seed 2 3.41 M -> 3.19 M. The lots are placed in blocks of
  //     weeks (placedInBlocks) and bought for by MRP: rounded all at once, a polish within 5 % of
  //     the plan cost more than it gained (food seed 1 and paint seed 2 at tight 1.0: polished
  //     plans 0.8 % dearer), and the round stopped there; in blocks it gains down to 1 % (tight
  //     1.0, 10 s, without the loop: paint M 4.165 M -> 4.127 M, mixed M 3.470 M -> 3.438 M).
  for (let round = 0; round < POLISH_ROUNDS && remaining() > 1 && !halted() && !stopped; round++) {
    const setups = setupFixes(planModel, incumbent.values);
    const lp = await solve({ relax: true, fix: setups, timeLimitSeconds: remaining() * 0.3, ...stop });
    // That LP bounds what placing the lots again can gain: not worth the rounding below it.
    const minGain = blocksFit() ? POLISH_MIN_GAIN : POLISH_MIN_GAIN_AT_ONCE;
    if (!lp.hasSolution || lp.stopped || halted() || incumbent.objective - lp.objective < minGain * Math.abs(incumbent.objective)) break;
    // First as the first plan was made: the LP's end-item lots rounded with a carry, MRP below
    // them. One LP with the integers fixed (0.2-0.7 s on M); where it is cheaper the placement
    // in blocks is not needed (tight 1.0, 8.5 s, without the loop: food M 2.5327 M -> 2.5286 M,
    // mixed M 3.4450 M -> 3.4384 M, then 3.4329 M by the windows; paint M unchanged, 4.1073 M).
    const underLp = mrpPlanUnder(planModel, context, lp.values);
    const mrpPolished = await solve({ relax: true, fix: integerFixes(planModel, underLp), timeLimitSeconds: Math.max(0.3, remaining() * 0.3), ...stop });
    progress(`  MRP under the LP with the setups kept: ${mrpPolished.hasSolution ? mrpPolished.objective.toFixed(2) : mrpPolished.status}, ${elapsed().toFixed(2)} s`);
    if (better(mrpPolished)) {
      incumbent = mrpPolished;
      incumbentHasFixedDuals = mrpPolished.status === 'optimal' && mrpPolished.rowDuals !== undefined;
      point({ objective: incumbent.objective });
      continue;
    }
    if (halted() || stopped) break;
    const { filled, result: polished } = await placedInBlocks(lp.values, setups);
    progress(`  polished with the setups kept (${filled} lots filled up): ${polished.hasSolution ? polished.objective.toFixed(2) : polished.status}, ${elapsed().toFixed(2)} s`);
    if (!better(polished)) break;
    incumbent = polished;
    incumbentHasFixedDuals = polished.status === 'optimal' && polished.rowDuals !== undefined;
    point({ objective: incumbent.objective });
  }

  // 2a'. The economic first plan's setups, where it did not lead but came within
  //      ECONOMIC_POLISH_MARGIN: the LP places the lots under them, MRP below its end-item lots,
  //      as the polish's first step does (two LPs, about 0.5 s on M). Food M's lead is narrow
  //      (2.5311 M against 2.5327 M re-optimized); kept from leading (economicFirstPlanLeads), its
  //      plan came out at 2.523 M without this step, 2.496 M with it, and 2.495 M where it leads
  //      (`scripts/bench/planChild.ts food M 1 1.0 10 isolated no-loop`). Paint M and mixed M,
  //      where it does not come close: unchanged (4.104 M, 3.428 M).
  if (economicReoptimized && economicReoptimized !== reoptimized[0] && economicReoptimized.objective <= (1 + ECONOMIC_POLISH_MARGIN) * incumbent.objective && remaining() > 1 && !halted() && !stopped) {
    const lp = await solve({ relax: true, fix: setupFixes(planModel, economicReoptimized.values), timeLimitSeconds: remaining() * 0.3, ...stop });
    if (lp.hasSolution && !lp.stopped && !halted() && better(lp)) {
      const underLp = mrpPlanUnder(planModel, context, lp.values);
      const polished = await solve({ relax: true, fix: integerFixes(planModel, underLp), timeLimitSeconds: Math.max(0.3, remaining() * 0.3), ...stop });
      progress(`  MRP under the LP with the economic plan's setups: ${polished.hasSolution ? polished.objective.toFixed(2) : polished.status}, ${elapsed().toFixed(2)} s`);
      if (better(polished)) {
        incumbent = polished;
        incumbentHasFixedDuals = polished.status === 'optimal' && polished.rowDuals !== undefined;
        point({ objective: incumbent.objective });
      }
    }
  }

  // 2b. Merge lots: of two lots of an item in consecutive weeks, the later one's setup closed where it is the smaller,
  //     the LP places the lots again under the setups left, rounded and filled as above; kept
  //     while cheaper. Setups the LP had spread thin cost capacity that sales needed. Measured
  //     on demo M factories after the polish (npm run bench -- service shows the service):
  //     metal seed 2 tight 1.2 1.42 M -> 1.34 M, metal seed 1 1.15 M -> 1.09 M, metal seed 1
  //     tight 1.0 0.87 M -> 0.80 M, mixed seed 1 tight 1.2 4.74 M -> 4.56 M; food, paint: no gain.
  for (let round = 0; round < MERGE_ROUNDS && remaining() > 1 && !halted() && !stopped; round++) {
    const merged = mergedSetups(planModel, incumbent.values, settings.fillFromWeek ?? context.frozenWeeks);
    if (merged.closed === 0) break;
    const lp = await solve({ relax: true, fix: merged.fixes, timeLimitSeconds: remaining() * 0.3, ...stop });
    // The LP bounds any plan with those setups: no better than the plan in hand, nothing to round.
    if (!lp.hasSolution || lp.stopped || halted() || !better(lp)) break;
    const { result: candidate } = await placedInBlocks(lp.values, merged.fixes);
    progress(`  ${merged.closed} lots merged into the week before or after: ${candidate.hasSolution ? candidate.objective.toFixed(2) : candidate.status}, ${elapsed().toFixed(2)} s`);
    if (!better(candidate)) break;
    incumbent = candidate;
    incumbentHasFixedDuals = candidate.status === 'optimal' && candidate.rowDuals !== undefined;
    point({ objective: incumbent.objective });
  }

  if (settings.firstPlanOnly) {
    return { strategy, values: incumbent.values, firstPlan, rowDuals: incumbentHasFixedDuals ? incumbent.rowDuals : undefined, objective: incumbent.objective, bound, proven: false, solveSeconds: elapsed(), windows: 0, stopped, relaxation, staggeredMissing: crowded && !staggered };
  }

  let proven = false;
  let windows = 0;

  // 2b. The slushy zone held at the previous plan: what the shop floor and suppliers were told.
  //     A first plan built as if the slushy weeks were frozen (MRP under the LP's timing, and
  //     levelled), re-optimized with its integers fixed. It becomes the incumbent where it is
  //     cheaper; the sweep below then improves the weeks after the slushy zone around it, and
  //     last the slushy weeks themselves, which change only where that lowers the plan's cost.
  //     Measured after a roll with nothing changed (npm run bench -- roll, S 2 s, M 10 s, L 20 s):
  //     every demo factory S-L keeps its slushy zone (paint S changed 36 % of it before, food L
  //     0.1 %), at an objective equal or lower (paint S 147,605 -> 144,226, mixed S 159,551 ->
  //     157,012); fresh demo plans are unchanged (their generated previous plans do not hold).
  const held = heldSlushyFixes(planModel);
  let holding = false;
  let heldPrevious = false;
  if (held.length > 0 && remaining() > 0.6 && !halted() && !stopped) {
    const heldPlan = await solveHeldPlan(planModel, solver, relaxation.hasSolution ? guide : undefined, { timeLimitSeconds: Math.max(0.3, remaining() * 0.2), ...stop }, heldEconomic);
    if (heldPlan.stopped === 'cancelled') stopped = 'cancelled';
    progress(`slushy zone held at the previous plan: ${heldPlan.hasSolution ? `objective ${heldPlan.objective.toFixed(2)}` : heldPlan.status}, ${elapsed().toFixed(2)} s`);
    const prefer = async () => (typeof settings.preferHeld === 'function' ? settings.preferHeld(incumbent.values, heldPlan.values) : settings.preferHeld === true);
    if (better(heldPlan) || (heldPlan.hasSolution && !heldPlan.stopped && (await prefer()))) {
      holding = heldPrevious = true;
      incumbent = heldPlan;
      incumbentHasFixedDuals = heldPlan.status === 'optimal' && heldPlan.rowDuals !== undefined;
      point({ objective: incumbent.objective });
    }
  }

  // 3. Improve. Fix-and-optimize: windows of weeks, each a MIP in which only that window's
  //    setups and lots are free, swept over the horizon within `budget` seconds.
  const windowWeeks = settings.windowWeeks ?? 4;
  const sweep = async (budget: number): Promise<boolean> => {
    const before = incumbent.objective;
    const sweepEnd = elapsed() + budget;
    const left = () => Math.min(remaining(), sweepEnd - elapsed());
    // While the plan holds the slushy zone, the windows after it go first and keep it held; then
    // one window over the slushy weeks alone, free: it changes them only where that is cheaper
    // with the rest of the plan in place (a rush order, a demand that moved).
    const plan: { first: number; last: number; hold: boolean }[] = [];
    const after = holding ? context.frozenWeeks + context.slushyWeeks : context.frozenWeeks;
    for (let first = after; first < context.weeks; first += windowWeeks) plan.push({ first, last: Math.min(context.weeks, first + windowWeeks) - 1, hold: holding });
    // The horizon's last window first: the first plans are weakest where the horizon ends, and
    // it is the window whose MIP improved a plan when the sweep reached it (paint M tight 1.0 at
    // 10 s: week 25 alone, 4.127 M -> 4.095 M, lost sales 38 k -> 11 k; the windows before it
    // improved nothing and took the time).
    const end = plan.findIndex((window) => window.last === context.weeks - 1);
    if (end > 0) plan.unshift(...plan.splice(end, 1));
    if (holding && context.slushyWeeks > 0) plan.push({ first: context.frozenWeeks, last: context.frozenWeeks + context.slushyWeeks - 1, hold: false });
    for (const [index, window] of plan.entries()) {
      if (left() <= 0.5 || halted() || stopped) break;
      windows++;
      const inWindow = new Set<number>();
      for (let week = window.first; week <= window.last; week++) for (const col of planModel.integersByWeek[week]!) inWindow.add(col);
      const fix = fixedAt(integerCols.filter((col) => !inWindow.has(col)), incumbent.values);
      if (window.hold) fix.push(...held);
      // The horizon's end, first, may take most of the sweep (END_WINDOW_SHARE).
      const share = index === 0 && end > 0 ? END_WINDOW_SHARE : 1 / (plan.length - index);
      const result = await solve({ fix, start: incumbent.values, timeLimitSeconds: Math.max(0.3, left() * share), mipRelGap: Math.min(settings.mipRelGap, WINDOW_MIP_REL_GAP), ...stop }, true);
      progress(`  window weeks ${window.first}-${window.last}${window.hold ? ' (slushy zone held)' : ''}: ${result.status}${result.hasSolution ? `, ${result.objective.toFixed(2)}` : ''}, ${result.seconds.toFixed(2)} s`);
      if (better(result)) {
        incumbent = result;
        incumbentHasFixedDuals = false;
        point({ objective: incumbent.objective });
      }
    }
    return incumbent.objective < before - 1e-4 * Math.max(1, Math.abs(before));
  };
  if (strategy === 'exact') {
    // With little time, one sweep of windows first: the full MIP of a tight S plant needs about
    // 12 s of root work before its heuristics find anything (food S tight 1.2 seed 1: from the
    // first plan's 300,730 to 230,760 at 13.3 s, 230,356 at 30 s), so at 10 s it returned the
    // first plan; a sweep then a short MIP returned 260,263. With 20 s or more the MIP goes first.
    if (remaining() < MIP_FIRST_SECONDS && remaining() > 1.5 && !halted()) {
      await sweep(remaining() * 0.4);
      progress(`fix-and-optimize sweep: objective ${incumbent.objective.toFixed(2)}, ${elapsed().toFixed(2)} s`);
    }
    const mipSeconds = remaining() * 0.9 - MIP_OVERRUN_SECONDS;
    if (mipSeconds >= MIP_MIN_SECONDS && !halted() && !stopped) {
      const onIncumbent = (objective: number) => {
        progress(`  MIP incumbent: objective ${objective.toFixed(2)}, ${elapsed().toFixed(2)} s`);
        if (objective < incumbent.objective) point({ objective });
      };
      const mip = await solve({ timeLimitSeconds: mipSeconds, mipRelGap: settings.mipRelGap, start: incumbent.values, onIncumbent, ...stop });
      if (mip.bound !== undefined) {
        bound = Math.max(bound ?? -Infinity, mip.bound);
        point({ bound });
      }
      if (better(mip)) {
        incumbent = mip;
        incumbentHasFixedDuals = false;
      }
      proven = mip.status === 'optimal' || mip.status === 'gap-limit';
      progress(`MIP: ${mip.status}, objective ${incumbent.objective.toFixed(2)}, ${elapsed().toFixed(2)} s`);
    }
  } else {
    for (let round = 0; remaining() > 0.5 && !halted() && !stopped; round++) {
      const improved = await sweep(remaining());
      progress(`fix-and-optimize sweep ${round + 1}${holding ? ' (slushy zone held)' : ''}: objective ${incumbent.objective.toFixed(2)}, ${elapsed().toFixed(2)} s`);
      if (improved) continue;
      // Nothing more to gain around the held slushy zone: the next sweeps may change it where that is cheaper.
      if (!holding) break;
      holding = false;
    }
  }

  // 4. Every integer fixed: duals for the reasons (already at hand when no MIP improved the first plan).
  const fix = fixedAt(integerCols, incumbent.values);
  // What is left of the budget (the reserve): past it the watchdog ends the LP and the incumbent stands, without duals.
  const final = incumbentHasFixedDuals ? incumbent : await solve({ relax: true, fix, timeLimitSeconds: Math.max(0.3, settings.timeLimitSeconds - elapsed()) });
  const chosen = final.hasSolution ? final : incumbent;
  progress(`solver done: objective ${chosen.objective.toFixed(2)}, ${elapsed().toFixed(2)} s`);
  return {
    strategy,
    values: chosen.values,
    firstPlan,
    rowDuals: final.hasSolution ? final.rowDuals : undefined,
    objective: chosen.objective,
    bound: bound !== undefined ? Math.min(bound, chosen.objective) : undefined,
    proven,
    solveSeconds: elapsed(),
    windows,
    stopped,
    heldPrevious,
  };
}

/**
 * An LP's lots rounded down and filled up to capacity from `fillFromWeek` (extract.ts), the
 * `asPrevious` weeks made as the previous plan made them, with what they need bought to the
 * suppliers' rules by MRP: each of the LP's purchases rounded up to its supplier's minimum and
 * multiple on its own bought 49 k more than the LP where MRP bought 20 k more (food M tight 1.0,
 * lots merged: 2.571 M -> 2.532 M). To be repaired.
 */
export function lotsPlaced(planModel: MasterPlanModel, values: Float64Array, fillFromWeek?: number, asPrevious: ReadonlySet<number> = new Set()) {
  const { context } = planModel;
  const decisions = roundedDecisions(planModel, values);
  const filled = fillToCapacity(planModel, decisions, values, fillFromWeek);
  for (const [item, row] of decisions.production) for (const week of asPrevious) row[week] = context.previous(item, week);
  decisions.purchases = mrpDecisions(context, decisions.production).purchases;
  return { decisions, filled };
}

/**
 * A first plan under an LP's timing: its end items' lots rounded with a carry (mrp.ts), MRP below
 * them, repaired in `context` (the plan's own, or one holding the slushy weeks).
 */
function mrpPlanUnder(planModel: MasterPlanModel, context: PlanningContext, values: Float64Array): PlanQuantities {
  return repairPlan(context, mrpDecisions(context, endItemsFromRelaxation(planModel, values)));
}

/** A solve not started: no time for it. */
function skippedSolve(numCols: number): SolveResult {
  return { status: 'time-limit', hasSolution: false, objective: NaN, bound: undefined, values: new Float64Array(numCols), rowDuals: undefined, seconds: 0 };
}

/**
 * The setups of the values with, of every two lots of an item in consecutive weeks from
 * `fromWeek` on, the later one's closed where it is the smaller (the next pair starts after it).
 */
export function mergedSetups(planModel: MasterPlanModel, values: Float64Array, fromWeek: number): { fixes: [number, number, number][]; closed: number } {
  const { context } = planModel;
  const fixes: [number, number, number][] = [];
  let closed = 0;
  for (const [item, setups] of planModel.setup) {
    const made = planModel.production.get(item)!;
    const open = setups.map((col) => (col >= 0 ? Math.round(values[col]!) : 0));
    for (let week = Math.max(fromWeek, context.frozenWeeks) + 1; week < context.weeks; week++) {
      if (open[week] !== 1 || open[week - 1] !== 1 || made[week]! < 0 || made[week - 1]! < 0) continue;
      // The later lot only: made a week early it is held a week, made late it would be late.
      if (values[made[week]!]! > values[made[week - 1]!]!) continue;
      open[week] = 0;
      closed++;
      week++;
    }
    for (let week = 0; week < context.weeks; week++) if (setups[week]! >= 0) fixes.push([setups[week]!, open[week]!, open[week]!]);
  }
  return { fixes, closed };
}

/** Every setup held where the values have it. */
function setupFixes(planModel: MasterPlanModel, values: Float64Array): [number, number, number][] {
  return fixedAt([...planModel.setup.values()].flatMap((row) => [...row].filter((col) => col >= 0)), values);
}

/** Bounds that hold integer columns at the values, rounded. */
function fixedAt(columns: readonly number[], values: Float64Array): [number, number, number][] {
  return columns.map((col) => [col, Math.round(values[col]!), Math.round(values[col]!)]);
}

/** The model's integer columns. */
function integerColumnsOf(model: MasterPlanModel['model']): number[] {
  const columns: number[] = [];
  for (let col = 0; col < model.numCols; col++) if (model.colInteger[col]) columns.push(col);
  return columns;
}

/** Plan quantities from the final values: rounded, repaired, with the solver's deliveries. */
export function finalQuantities(planModel: MasterPlanModel, values: Float64Array) {
  const decisions = roundedDecisions(planModel, values);
  fillToCapacity(planModel, decisions, values);
  return repairPlan(planModel.context, decisions, wishesFrom(planModel, values));
}

/**
 * The share of a correction's time the repair's LP may take: without its plan the correction has
 * none, while the placement and the window after it only improve it. At 0.4, food L tight 1.0 at
 * 20 s gave its last correction's LP 0.3 s where it needs about 0.5 s; no plan, and week 1 kept
 * 21-29 of 452 lots late (`npm run bench -- bridge --sizes L --kinds food --tights 1.0`: 431 of 454
 * on time, then 445 of 447 at 0.7; `--sizes L`: 2 of 40 weeks under 98 % -> 1, metal L 0.8's week 4
 * both times; `--sizes S,M`: 0 of 80).
 */
const CORRECTION_REPAIR_SHARE = 0.7;

/**
 * The plan again after the flow held capacity back in the released weeks (flow.ts), in the same
 * model rebuilt with the lower limits: the previous plan's decisions, rounded and repaired to fit
 * (feasible by construction) and re-optimized with its integers fixed; then the released weeks as
 * one window, a MIP started from it, the rest of the plan staying as it is; last the LP whose duals
 * name the reasons. Undefined when not even the repaired plan could be re-optimized in time.
 */
export async function resolveReleasedWeeks(
  planModel: MasterPlanModel,
  solver: MipSolver,
  previous: Float64Array,
  weeks: readonly number[],
  settings: Pick<SolveSettings, 'timeLimitSeconds' | 'mipRelGap' | 'shouldStop' | 'onProgress' | 'fillFromWeek'>,
  /** Released weeks made as the previous plan made them (a week it had on time that the new mix made late). */
  asPrevious: ReadonlySet<number> = new Set(),
  /** Weeks whose production stays exactly as it is (after `asPrevious`): the weeks the plan holds at the previous plan. */
  holdWeeks: ReadonlySet<number> = new Set(),
): Promise<(Pick<SolveOutcome, 'rowDuals' | 'objective' | 'stopped'> & { values: Float64Array }) | undefined> {
  const started = performance.now();
  const left = () => settings.timeLimitSeconds - (performance.now() - started) / 1000;
  const { model, context } = planModel;
  // The rebuilt model may end with columns the loop added (firm orders wanted in stock early): zero in the plan in hand.
  if (previous.length > model.numCols) throw new Error(`the rebuilt plan model has ${model.numCols} columns, the plan in hand ${previous.length}`);
  if (previous.length < model.numCols) {
    const padded = new Float64Array(model.numCols);
    padded.set(previous);
    previous = padded;
  }
  const stop = settings.shouldStop ? { shouldStop: settings.shouldStop } : {};
  const decisions = roundedDecisions(planModel, previous);
  fillToCapacity(planModel, decisions, previous);
  for (const [item, row] of decisions.production) for (const week of asPrevious) row[week] = context.previous(item, week);
  let first = await repairedInModel(planModel, solver, decisions, wishesFrom(planModel, previous), { ...settings, timeLimitSeconds: Math.max(0.3, left() * CORRECTION_REPAIR_SHARE) }, holdWeeks);
  if (!first) return undefined;
  let stopped: SolveOutcome['stopped'];
  // The repair only cuts lots to the limits held back, and sales are lost where another week's
  // open lot could have made them: the LP places the lots again under the same setups, rounded
  // and repaired as the polish does (step 2a).
  if (left() > 0.4) {
    const lp = await solver.solve(model, { relax: true, fix: [...setupFixes(planModel, previous), ...productionFixes(planModel, holdWeeks, (col) => first!.values[col]!)], timeLimitSeconds: Math.max(0.3, left() * 0.25), ...stop });
    if (lp.stopped === 'cancelled') stopped = 'cancelled';
    if (lp.hasSolution && !lp.stopped && lp.objective < first.objective - 1e-6 * Math.abs(first.objective)) {
      const placed = lotsPlaced(planModel, lp.values, settings.fillFromWeek, asPrevious).decisions;
      const polished = await repairedInModel(planModel, solver, placed, wishesFrom(planModel, lp.values), { ...settings, timeLimitSeconds: Math.max(0.3, left() * 0.3) }, holdWeeks);
      settings.onProgress?.(`  the lots placed again under the same setups: ${polished ? polished.objective.toFixed(2) : 'no plan'}`);
      if (polished && polished.objective < first.objective) first = polished;
    }
  }
  let incumbent = first;
  const inWindow = new Set<number>();
  for (const week of weeks) if (!asPrevious.has(week)) for (const col of planModel.integersByWeek[week] ?? []) inWindow.add(col);
  if (inWindow.size > 0 && left() > 0.6) {
    const integerCols = integerColumnsOf(model);
    const fix = [...fixedAt(integerCols.filter((col) => !inWindow.has(col)), first.values), ...productionFixes(planModel, holdWeeks, (col) => first.values[col]!)];
    const window = await solver.solve(model, { fix, start: first.values, timeLimitSeconds: Math.max(0.3, left() * 0.6), mipRelGap: Math.min(settings.mipRelGap, WINDOW_MIP_REL_GAP), ...stop });
    if (window.stopped === 'cancelled') stopped = 'cancelled';
    settings.onProgress?.(`  released weeks ${weeks.join(', ')} again: ${window.status}${window.hasSolution ? `, ${window.objective.toFixed(2)}` : ''}, ${window.seconds.toFixed(2)} s`);
    if (window.hasSolution && window.objective < first.objective - 1e-6 * Math.max(1, Math.abs(first.objective))) {
      const integerFix = [...fixedAt(integerCols, window.values), ...productionFixes(planModel, holdWeeks, (col) => first.values[col]!)];
      const final = await solver.solve(model, { relax: true, fix: integerFix, timeLimitSeconds: Math.max(0.3, left()), ...stop });
      incumbent = final.hasSolution ? final : window;
    }
  }
  return { values: incumbent.values, rowDuals: incumbent.rowDuals, objective: incumbent.objective, stopped };
}

/**
 * A plan's decisions in a model whose limits changed: rounded and repaired to fit them (feasible
 * by construction), then re-optimized with the integers fixed. Undefined when that LP found nothing in time.
 */
export async function repairedInModel(
  planModel: MasterPlanModel,
  solver: MipSolver,
  decisions: Pick<PlanQuantities, 'production' | 'purchases'>,
  wishes: Parameters<typeof repairPlan>[2],
  settings: Pick<SolveSettings, 'timeLimitSeconds' | 'shouldStop' | 'onProgress'>,
  /** Weeks whose quantities stay as repaired, not re-optimized (an LP moves a quantity within its fixed setup otherwise). */
  holdWeeks: ReadonlySet<number> = new Set(),
): Promise<SolveResult | undefined> {
  const repaired = repairPlan(planModel.context, decisions, wishes);
  const fix = [...integerFixes(planModel, repaired), ...productionFixes(planModel, holdWeeks, (col, item, week) => repaired.production.get(item)![week]!)];
  const result = await solver.solve(planModel.model, { relax: true, fix, timeLimitSeconds: settings.timeLimitSeconds, ...(settings.shouldStop ? { shouldStop: settings.shouldStop } : {}) });
  settings.onProgress?.(`  repaired to the limits held back: ${result.status}${result.hasSolution ? `, ${result.objective.toFixed(2)}` : ''}, ${result.seconds.toFixed(2)} s`);
  // Optimal only: an LP ended by its time limit may hold a basis that is not feasible yet, and its
  // rounding would be repaired down into the frozen weeks.
  return result.status === 'optimal' && !result.stopped ? result : undefined;
}

/**
 * A first plan that holds the slushy weeks the context may hold at the previous plan, built as if
 * they were frozen (MRP under the LP's timing where there is one, and levelled), re-optimized
 * with its integers fixed: the cheaper of the two that the model accepts.
 */
export async function solveHeldPlan(planModel: MasterPlanModel, solver: MipSolver, guide: Float64Array | undefined, settings: Pick<SolveSettings, 'timeLimitSeconds' | 'shouldStop'>, economicHeld?: PlanQuantities): Promise<SolveResult> {
  const started = performance.now();
  const { context } = planModel;
  const heldContext = context.withSlushyHeld();
  const inThisModel = inContext(context);
  const heldPlans = [...(guide ? [mrpPlanUnder(planModel, heldContext, guide)] : []), levelledPlan(heldContext), ...(economicHeld ? [economicHeld] : [])]
    .map(inThisModel)
    .map((plan) => ({ fix: integerFixes(planModel, plan), cost: planCost(context, plan) }))
    .sort((a, b) => a.cost - b.cost);
  let result: SolveResult | undefined;
  // The cheaper first; where the model refuses it (seen on a demo's generated previous plan), the other.
  for (const { fix } of heldPlans) {
    const left = settings.timeLimitSeconds - (performance.now() - started) / 1000;
    if (result && left < 0.1) break;
    result = await solver.solve(planModel.model, { relax: true, fix, timeLimitSeconds: Math.max(0.1, left), ...(settings.shouldStop ? { shouldStop: settings.shouldStop } : {}) });
    if (result.hasSolution) break;
  }
  return result!;
}

/** A plan made on another context of the same factory (the slushy weeks held) with its purchases on this context's options. */
function inContext(context: PlanningContext): (plan: PlanQuantities) => PlanQuantities {
  const optionOf = new Map(context.purchaseOptions.map((option) => [`${option.supplier.id}|${option.item}|${option.week}`, option]));
  return (plan) => ({ ...plan, purchases: plan.purchases.map((purchase) => ({ ...purchase, option: optionOf.get(`${purchase.option.supplier.id}|${purchase.option.item}|${purchase.option.week}`)! })) });
}

/** Bounds that keep every produced item's quantity in the given weeks at a value. */
function productionFixes(planModel: MasterPlanModel, weeks: ReadonlySet<number>, valueOf: (col: number, item: string, week: number) => number): [number, number, number][] {
  const fixes: [number, number, number][] = [];
  if (weeks.size === 0) return fixes;
  for (const [item, columns] of planModel.production) {
    for (const week of weeks) {
      const col = columns[week]!;
      if (col < 0) continue;
      const value = Math.min(planModel.model.colUpper[col]!, Math.max(planModel.model.colLower[col]!, valueOf(col, item, week)));
      fixes.push([col, value, value]);
    }
  }
  return fixes;
}
