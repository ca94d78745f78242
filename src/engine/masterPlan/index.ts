/** The Master Plan: from a factory to a `ponte.plan/1` document, feasible by construction. */
import { PLAN_FORMAT } from '../../domain/schema';
import { unitQuantum } from '../../domain/units';
import type { Factory, Plan } from '../../domain/types';
import type { MipSolver } from '../linearModel';
import { PlanningContext } from './context';
import type { PlanQuantities } from './extract';
import { round6 } from './lots';
import { buildMasterPlanModel, type MasterPlanModel } from './model';
import { planCost } from './objective';
import { ReasonFinder, capacityLoad } from './reasons';
import { economicPlan } from './economicPlan';
import { itemBound } from './itemBound';
import { polishPurchases } from './purchasePolish';
import { solveExecutable, type FlowRound } from './closedLoop';
import { releasedWeeks, type FlowCheckOptions } from './flow';
import { chooseStrategy, finalQuantities, LP_ITEM_WEEK_LIMIT, solvePlanModel, type SolveOutcome, type SolverPoint, type SolveStrategy } from './solve';

export type { SolverPoint } from './solve';

export interface MasterPlanOptions {
  timeLimitSeconds?: number;
  mipRelGap?: number;
  strategy?: SolveStrategy | 'auto';
  windowWeeks?: number;
  shouldStop?: () => boolean;
  onProgress?: (message: string) => void;
  onPoint?: (point: SolverPoint) => void;
  /**
   * The closed loop with the APS (flow.ts): the released weeks scheduled, and the plan solved again
   * with the work centers' late work held back. On unless `false`.
   */
  flow?: false | FlowCheckOptions;
}

export interface MasterPlanRun {
  plan: Plan;
  context: PlanningContext;
  /** The solver model, where the strategy built one. */
  model: MasterPlanModel | undefined;
  /** The plan's decisions and their consequences, per item and week (what the plan document is assembled from). */
  quantities: PlanQuantities;
  buildSeconds: number;
  gap: number | undefined;
  strategy: SolveStrategy;
  /** Set when the solver had to be ended from outside: the plan is the best one in hand then. */
  stopped: 'time-limit' | 'cancelled' | undefined;
}

export const DEFAULT_TIME_LIMIT_SECONDS = 30;
export const DEFAULT_MIP_REL_GAP = 0.01;
const POST_SOLVE_SECONDS_PER_COLUMN = 3e-6;
/**
 * The time limit below which the closed loop with the APS is left out, per model column (L: 17.5 s,
 * M: 4.7 s, S: 0.6 s). The loop's first plan has 30 % of the time, and its LP alone takes 4e-5 s a
 * column (mixed L, 3.4 s) to 1e-4 (mixed M tight 1.2, 2.4 s): at 1e-4, mixed L at 10 s cut its
 * first LP short, solved it again and returned at 7.3 s with the first plan unimproved.
 */
const FLOW_SECONDS_PER_COLUMN = 2e-4;

export function buildPlanModel(factory: Factory): MasterPlanModel {
  return buildMasterPlanModel(new PlanningContext(factory));
}

/**
 * From this many item-weeks (M: 3,100-3,900; S: 400-600) the solver warms up while the model is
 * built (MipSolver.warmUp). Food M at 10 s, first plan 2.14 s -> 1.75 s; on S the model is sent
 * before a warm-up could end, and the first plan came later (mixed S 0.45 s -> 0.65 s).
 */
const WARM_UP_ITEM_WEEKS = 2_000;
/**
 * Nor where the time left is too short for the LP relaxation (about 4e-5 s a column, 6-7 columns
 * an item-week): the solve the plan then sends waited for the warm-up, and the thread competed with
 * the model's build for the cores (mixed L at 3 s from the process's start: back at 4.6 s, 4.0 s
 * without it).
 */
const WARM_UP_SECONDS_PER_ITEM_WEEK = 2.5e-4;

export async function planMaster(factory: Factory, solver: MipSolver, options: MasterPlanOptions = {}): Promise<MasterPlanRun> {
  const started = performance.now();
  const itemWeeks = factory.items.length * factory.horizonWeeks;
  const timeLimitSeconds = options.timeLimitSeconds ?? factory.policy.solver?.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
  const warmUpPays = itemWeeks >= WARM_UP_ITEM_WEEKS && itemWeeks <= LP_ITEM_WEEK_LIMIT && timeLimitSeconds >= WARM_UP_SECONDS_PER_ITEM_WEEK * itemWeeks;
  if (options.strategy !== 'levelled' && warmUpPays) solver.warmUp?.();
  const context = new PlanningContext(factory);
  const strategy = options.strategy === undefined || options.strategy === 'auto' ? chooseStrategy(context) : options.strategy;
  let quantities: PlanQuantities;
  let planModel: MasterPlanModel | undefined;
  let reasons: ReasonFinder;
  let objective: number;
  // The solver's bound (its LP relaxation), where it had one.
  let lpBound: number | undefined;
  let proven = false;
  let buildSeconds: number;
  let solveStarted: number;
  let windows = 0;
  let stopped: MasterPlanRun['stopped'];
  const flowRounds: FlowRound[] = [];

  if (strategy === 'levelled') {
    options.onProgress?.(`levelled master schedule: ${context.finished.length} finished items × ${context.weeks} weeks, no solver model`);
    buildSeconds = (performance.now() - started) / 1000;
    solveStarted = performance.now();
    // Reasons, the bound and the plan document after it: 15 % of the limit (XL: 1 s of 60).
    quantities = await economicPlan(context, {
      deadline: started + 850 * timeLimitSeconds,
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    reasons = new ReasonFinder(context, quantities);
    objective = planCost(context, quantities);
  } else {
    planModel = buildMasterPlanModel(context);
    buildSeconds = (performance.now() - started) / 1000;
    solveStarted = performance.now();
    // The closed loop solves the model's LP twice and schedules the released weeks: worth it only
    // with time for that (mixed L, 87,259 columns, at 3 s: its first LP was cut short by the
    // watchdog and the plan came back 1.24 s late; 0.23 s without the loop).
    const flowWeeks = options.flow === false || timeLimitSeconds < FLOW_SECONDS_PER_COLUMN * planModel.model.numCols ? [] : releasedWeeks(context);
    // Repair, reasons and the plan document come after the solver: a few percent of the budget
    // plus about twice what they were measured to take per model column (0.05 s on M, 0.13 s on L).
    const settings = {
      timeLimitSeconds: Math.max(0.5, 0.95 * timeLimitSeconds - buildSeconds - POST_SOLVE_SECONDS_PER_COLUMN * planModel.model.numCols),
      mipRelGap: options.mipRelGap ?? factory.policy.solver?.mipRelGap ?? DEFAULT_MIP_REL_GAP,
      strategy,
      ...(options.windowWeeks ? { windowWeeks: options.windowWeeks } : {}),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onPoint ? { onPoint: options.onPoint } : {}),
    };
    let outcome: SolveOutcome;
    let rowDuals: Float64Array | undefined;
    if (flowWeeks.length > 0) {
      const loop = await solveExecutable(factory, planModel, solver, settings, flowWeeks, options.flow || {}, (planned) => draftPlan(context, planned));
      ({ planModel, outcome, rowDuals, quantities, stopped } = loop);
      flowRounds.push(...loop.rounds);
    } else {
      outcome = await solvePlanModel(planModel, solver, settings);
      rowDuals = outcome.rowDuals;
      stopped = outcome.stopped;
      quantities = outcome.values ? finalQuantities(planModel, outcome.values) : outcome.firstPlan;
    }
    quantities = placePurchasesAgain(context, quantities, options.onProgress);
    reasons = new ReasonFinder(context, quantities, { planModel, rowDuals });
    objective = planCost(context, quantities);
    lpBound = outcome.bound;
    proven = outcome.proven;
    windows = outcome.windows;
  }
  const solveSeconds = (performance.now() - solveStarted) / 1000;
  // The LP's bound, or where it is weaker or missing (the levelled XL plan, no LP in time) the end items planned alone (itemBound.ts).
  const bound = Math.min(Math.max(lpBound ?? 0, itemBound(context).bound, 0), objective);
  const gap = Math.max(0, (objective - bound) / Math.max(1e-9, Math.abs(objective)));
  const plan = assemblePlan(context, quantities, reasons, {
    status: proven ? 'optimal' : 'feasible',
    objective,
    bound,
    stats: {
      variables: planModel?.model.numCols ?? 0,
      constraints: planModel?.model.numRows ?? 0,
      solveSeconds: round6(solveSeconds),
      solver: planModel ? solver.name : 'levelled master schedule + MRP (no solver)',
      integerVariables: planModel?.model.numIntegers ?? 0,
      strategy,
      gap: gap === undefined ? null : round6(gap),
      windows,
      buildSeconds: round6(buildSeconds),
      ...(flowRounds.length > 0 ? { flow: flowStats(context, flowRounds) } : {}),
      ...(stopped ? { stopped } : {}),
    } as Plan['stats'],
  });
  return { plan, context, model: planModel, quantities, buildSeconds, gap, strategy, stopped };
}

/** The plan's orders placed again for what it consumes (purchasePolish.ts): after the solver, whose windows leave them as rounded. */
function placePurchasesAgain(context: PlanningContext, quantities: PlanQuantities, onProgress: MasterPlanOptions['onProgress']): PlanQuantities {
  const polished = polishPurchases(context, quantities);
  if (polished.materials > 0) onProgress?.(`orders placed again for what the plan consumes: ${polished.materials} materials, ${polished.saved.toFixed(2)} less`);
  return polished.quantities;
}

/** What the closed loop with the APS did, for the plan's stats: its checks, and what it held back. */
function flowStats(context: PlanningContext, rounds: FlowRound[]) {
  const heldMinutes: Record<string, number[]> = {};
  for (const [resource, row] of [...context.flowHeld, ...context.flowHeldSecondary]) if (row.some((minutes) => minutes > 0)) heldMinutes[resource] = [...row].map((minutes) => round6(minutes));
  const earlyFirm: Record<string, number[]> = {};
  for (const [item, row] of context.earlyFirm) if (row.some((qty) => qty > 0)) earlyFirm[item] = [...row].map((qty) => round6(qty));
  // heldWeeks: slushy weeks, from the first, kept at the previous plan because it has them on time.
  return { checks: rounds.map((round) => ({ ...round, seconds: round6(round.seconds) })), heldWeeks: context.heldSlushyWeeks, heldMinutes, earlyFirm };
}

/** A plan document of the quantities alone, without reasons or figures: what the shop floor would be handed (the loop's checks, the benches' schedules). */
export function draftPlan(context: PlanningContext, quantities: PlanQuantities): Plan {
  return assemblePlan(context, quantities, undefined, { status: 'feasible', objective: 0, bound: undefined, stats: {} as Plan['stats'] });
}

function assemblePlan(
  context: PlanningContext,
  quantities: PlanQuantities,
  reasons: ReasonFinder | undefined,
  head: { status: Plan['status']; objective: number; bound: number | undefined; stats: Plan['stats'] },
): Plan {
  const production: Plan['production'] = [];
  for (const item of context.produced) {
    const row = quantities.production.get(item.id)!;
    for (let week = 0; week < context.weeks; week++) if (row[week]! > 0) production.push({ item: item.id, week, qty: row[week]! });
  }
  const purchases: Plan['purchases'] = quantities.purchases.map(({ option, qty }) => ({
    item: option.item,
    supplier: option.supplier.id,
    orderDate: context.dateOf(option.orderDay),
    arrivalDate: context.dateOf(option.arrivalDay),
    qty,
  }));
  const constrainedDemand: Plan['constrainedDemand'] = [];
  for (const item of context.finished) {
    const delivered = quantities.delivered.get(item.id)!;
    const backlog = quantities.backlog.get(item.id)!;
    const lost = quantities.lost.get(item.id)!;
    for (let week = 0; week < context.weeks; week++) {
      const grows = backlog[week]! > (week > 0 ? backlog[week - 1]! : 0) + 1e-6;
      const short = grows || lost[week]! > 1e-6;
      constrainedDemand.push({
        item: item.id,
        week,
        demand: round6(context.demandOf(item.id, week)),
        delivered: delivered[week]!,
        backlog: backlog[week]!,
        lost: lost[week]!,
        reasons: short && reasons ? reasons.reasonsFor(item.id, week) : [],
      });
    }
  }
  const capacity: Plan['capacity'] = [];
  for (const [resource, use] of capacityLoad(context, quantities.production)) {
    const limit = context.overtimeLimit.get(resource)!;
    for (let week = 0; week < context.weeks; week++) {
      const load = round6(use.load[week]!);
      const available = round6(use.available[week]!);
      capacity.push({ resource, week, availableMinutes: available, loadMinutes: load, overtimeMinutes: round6(Math.min(limit, Math.max(0, load - available))) });
    }
  }
  const changes = slushyChanges(context, quantities.production);
  const plan: Plan & Record<string, unknown> = {
    format: PLAN_FORMAT,
    status: head.status,
    objective: round6(head.objective),
    bound: head.bound === undefined ? null : round6(head.bound),
    production,
    purchases,
    constrainedDemand,
    capacity,
    changes,
    stats: head.stats,
    start: context.factory.start,
    horizonWeeks: context.weeks,
  };
  return plan;
}

/** The slushy zone's changes against the previous plan that a planner would see: not float noise from rounding and repair (seen: 528 -> 527.999998). */
export function slushyChanges(context: PlanningContext, production: Map<string, Float64Array>): Plan['changes'] {
  const changes: Plan['changes'] = [];
  for (const item of context.produced) {
    const row = production.get(item.id)!;
    for (let week = context.frozenWeeks; week < context.frozenWeeks + context.slushyWeeks; week++) {
      const previousQty = context.previous(item.id, week);
      // A change is at least the unit's quantum (a whole case, a gram): less is the rounding of a previous plan, not a decision.
      if (Math.abs(row[week]! - previousQty) >= Math.max(unitQuantum(item.uom), 1e-6 * previousQty) - 1e-9) changes.push({ item: item.id, week, previousQty, qty: row[week]!, zone: 'slushy' });
    }
  }
  return changes;
}
