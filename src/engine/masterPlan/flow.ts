/**
 * The closed loop between the Master Plan and the APS (issue 16). Weekly buckets load each work
 * center within its week, but a lot runs its stages one after another inside the week, the
 * machines run their calendars (not the plan's overtime), a precedence rule can keep one lot
 * waiting for another, and a firm order can be due before the week ends. So the weeks the plan
 * releases to the shop floor next are scheduled here, each alone as the shop floor will get it,
 * and what runs past its due date is measured per work center: the plan then holds that much of
 * the work center's week back and is solved again.
 *
 * What a work center must shed is how far its machines run past the week's end (the largest
 * overrun on each machine, in its working minutes): lots queued on a machine are late by
 * overlapping amounts, so their lateness summed would shed several times too much (seen on mixed
 * S: a whole week of tinting held back, service 95 % -> 81 %). A lot late for a firm order due
 * within the week asks instead for that order's quantity in stock when the week starts.
 */
import { MINUTES_PER_DAY } from '../../domain/dates';
import { localMinutes } from '../../domain/execution';
import type { Factory, Plan } from '../../domain/types';
import { scheduleFrozenWeeks } from '../aps/index';
import { heldUpFactors } from '../aps/executability';
import { DEFAULT_DESTRUCTION } from '../aps/search';
import { firmOrderDues, firmOrdersByWeek } from '../aps/instance';
import type { FactoryCalendars } from '../../domain/capacity';
import type { KernelLayout, SequenceKernel } from '../aps/kernel/layout';
import type { PlanningContext } from './context';
import { capacityLoad } from './reasons';
import { secondaryKey, secondaryLoad } from './secondary';
import { PlanCosts } from './costs';

export interface FlowCheckOptions {
  /** The sequencer's kernel (WebAssembly where the caller has it). */
  kernelFactory?: (layout: KernelLayout) => SequenceKernel;
  /** Search iterations per week after the constructive schedule. */
  iterations?: number;
  /** The search's time for all the weeks together, shared equally (the constructive schedules come first, whatever it is). */
  searchSeconds?: number;
  seed?: number;
  /**
   * Schedules the weeks elsewhere, each as scheduleWeekFlow does, at the same time (threads or
   * workers the caller owns): worker/weekPool.ts, its threads started by cli/flowThreads.ts and
   * worker/planner.worker.ts.
   */
  weekScheduler?: WeekScheduler;
}

/** What a week's schedule for the check searches: the same in every thread, so the same plan gives the same check. */
export interface WeekSearch {
  seed: number;
  iterations: number;
  seconds: number;
}

export interface WeekScheduler {
  /** Weeks it runs side by side. */
  readonly parallel: number;
  /** Starts its threads ahead of the first check (a thread takes a while to start). */
  start(): void;
  schedule(plan: Plan, weeks: readonly number[], search: WeekSearch): Promise<WeekFlow[]>;
}

/**
 * One week scheduled for the check, as plain data (it crosses threads): its lots with their due
 * and end, and the machines that run past the week's end with the lot they end on.
 */
export interface WeekFlow {
  week: number;
  weekEnd: number;
  /** Search iterations, and the operations they could move: a thin search moved few of them. */
  iterations: number;
  operations: number;
  lots: WeekFlowLot[];
  /** Machines that run past the week's end: the work center of the step they end on, its lot (an index into lots), the working minutes past. */
  overruns: { machine: string; resource: string; lot: number; minutes: number }[];
}

export interface WeekFlowLot {
  item: string;
  /** The last step's due instant and end (null where the lot could not be placed). */
  due: number;
  end: number | null;
  /** The last step's quantity. */
  qty: number;
  /** The work centers of its routing, in order. */
  resources: string[];
  /** Where it could not be placed, its setups and runs at the fastest machines, in minutes (what it sheds); 0 otherwise. */
  work: number;
}

/**
 * A search that moved fewer operations than this share of a week's barely ran: its schedule is
 * the start's. With the constructive order as the only start, such a check could not be trusted:
 * an L check's 20 iterations (80 of 600-650 operations moved) found 591 of 1,280 paint L lots late,
 * and the correction doubled the plan's cost (15.2 M -> 31.6 M), so below a quarter nothing was
 * held back, and on L the loop never acted. With the starts of aps/search.ts (ready order, tools
 * kept), the start is close to a searched schedule (paint L, weeks 1-4 of a 20 s plan: 195 lots
 * late as started, 146 after 20 iterations, 128 after 40), and a check in which the search moved
 * even a few percent of the operations is trusted.
 */
const THIN_SEARCH_SHARE = 0.01;

/** Search iterations a week after the constructive schedule, unless the caller says otherwise. */
export const DEFAULT_CHECK_ITERATIONS = 20;

export interface FlowCheck {
  lots: number;
  lateLots: number;
  /** Late lots per week of the horizon (zero outside the weeks checked). */
  lateByWeek: Int32Array;
  /** Of those, the lots that ran past the week's end: late for the week's own work, not for an order due before it ends. */
  overrunByWeek: Int32Array;
  lotsByWeek: Int32Array;
  /** Finished goods in the late lots: what customers would get late. */
  lateFinishedQty: number;
  /** Finished goods the late lots of components hold up (aps/executability.ts, heldUpFactors): late the week after. */
  lateHeldUpQty: number;
  /**
   * Those finished units (late and held up) priced as lost sales (costs.ts, lostSale): what the plan
   * would pay if the shop floor could not keep them at all. The loop weighs a plan that runs late by it.
   */
  lateValue: number;
  /** Minutes of work past due, per work center and week, charged as above. */
  spill: Map<string, Float64Array>;
  /** The plan's load of each work center and week, in the plan's minutes: less the spill, the most it may carry. */
  load: Map<string, Float64Array>;
  /**
   * Firm orders that the week's own lot could not meet (due before it could finish), per item and
   * week: the plan should have them in stock when the week starts.
   */
  earlyFirm: Map<string, Float64Array>;
  /**
   * Weeks whose search moved fewer than a quarter of their operations (iterations × operations
   * taken out and put back): their schedule is the constructive one, and its lateness may be the
   * search's, not the plan's.
   */
  thinSearchWeeks: number;
  /** Those weeks: their lateness may be the search's, and nothing is learned from it. */
  thinWeeks: number[];
  seconds: number;
  /** Threads the weeks were scheduled in: 1 in the caller's, more with its week scheduler. */
  threads: number;
}

/** The weeks whose production the plan decides and the shop floor gets next: the slushy zone. */
export function releasedWeeks(context: PlanningContext): number[] {
  return Array.from({ length: context.slushyWeeks }, (_, index) => context.frozenWeeks + index);
}

/** The released weeks checked one after another in this thread. */
export function checkFlow(factory: Factory, plan: Plan, context: PlanningContext, weeks: readonly number[], options: FlowCheckOptions = {}): FlowCheck {
  const started = performance.now();
  const search = weekSearch(weeks, options);
  const shared = { calendars: context.calendars, dues: firmOrderDues(factory, plan), ...(options.kernelFactory ? { kernelFactory: options.kernelFactory } : {}) };
  return analyseFlow(factory, plan, context, weeks.map((week) => scheduleWeekFlow(factory, plan, week, search, shared)), started, 1);
}

/** The released weeks checked by the caller's scheduler where it has one, side by side (or in this thread). */
export async function checkFlowAsync(factory: Factory, plan: Plan, context: PlanningContext, weeks: readonly number[], options: FlowCheckOptions = {}): Promise<FlowCheck> {
  if (!options.weekScheduler || weeks.length < 2) return checkFlow(factory, plan, context, weeks, options);
  const started = performance.now();
  try {
    return analyseFlow(factory, plan, context, await options.weekScheduler.schedule(plan, weeks, weekSearch(weeks, options)), started, options.weekScheduler.parallel);
  } catch {
    // A thread that failed (out of memory, gone) costs the check its speed, not its answer.
    return checkFlow(factory, plan, context, weeks, { ...options, weekScheduler: undefined });
  }
}

function weekSearch(weeks: readonly number[], options: FlowCheckOptions): WeekSearch {
  return { seed: options.seed ?? 1, iterations: options.iterations ?? DEFAULT_CHECK_ITERATIONS, seconds: (options.searchSeconds ?? Infinity) / Math.max(1, weeks.length) };
}

/**
 * A week of the plan scheduled alone, as the shop floor will get it, reduced to what the check
 * reads. Pure: the same in this thread and in a worker's.
 */
export function scheduleWeekFlow(factory: Factory, plan: Plan, week: number, search: WeekSearch, shared: { calendars?: FactoryCalendars; dues?: ReadonlyMap<string, number>; kernelFactory?: (layout: KernelLayout) => SequenceKernel } = {}): WeekFlow {
  const run = scheduleFrozenWeeks(factory, plan, { week, ...shared, seed: search.seed, maxIterations: search.iterations, timeLimitSeconds: search.seconds });
  const { instance } = run;
  const weekEnd = instance.origin + 7 * MINUTES_PER_DAY;
  const ends = new Map(run.schedule.operations.map((operation) => [operation.id, localMinutes(operation.end)]));
  const lots: WeekFlowLot[] = instance.lots.map((lot) => {
    const operations = lot.operations.map((index) => instance.operations[index]!);
    const last = operations.at(-1)!;
    const end = ends.get(last.id) ?? null;
    return {
      item: lot.item,
      due: last.due,
      end,
      qty: last.qty,
      resources: operations.map((operation) => operation.resource),
      work: end === null ? operations.reduce((sum, operation) => sum + operation.setupMinutes + operation.qty * Math.min(...operation.eligible.values()), 0) : 0,
    };
  });
  const operationById = new Map(instance.operations.map((operation) => [operation.id, operation]));
  const lastOn = new Map<string, { end: number; id: string }>();
  for (const operation of run.schedule.operations) {
    const end = ends.get(operation.id)!;
    if (end > (lastOn.get(operation.machine)?.end ?? -Infinity)) lastOn.set(operation.machine, { end, id: operation.id });
  }
  const overruns: WeekFlow['overruns'] = [];
  for (const machine of instance.machines) {
    const last = lastOn.get(machine.id);
    if (!last || last.end <= weekEnd) continue;
    const operation = operationById.get(last.id)!;
    overruns.push({ machine: machine.id, resource: operation.resource, lot: operation.lot, minutes: machine.calendar.workingMinutesBetween(weekEnd, last.end) });
  }
  return { week, weekEnd, iterations: run.iterations, operations: instance.operations.length, lots, overruns };
}

/** What the weeks' schedules say the plan must shed, and where its firm orders need stock early. */
function analyseFlow(factory: Factory, plan: Plan, context: PlanningContext, flows: readonly WeekFlow[], started: number, threads: number): FlowCheck {
  const production = new Map(context.produced.map((item) => [item.id, new Float64Array(context.weeks)]));
  for (const line of plan.production) if (line.week < context.weeks) production.get(line.item)![line.week]! += line.qty;
  const load = capacityLoad(context, production);
  // Tools shared by fewer copies than machines (secondary.ts), under keys of their own: a format
  // part one machine holds all week leaves the work center's other machines idle, and shedding the
  // work center's minutes frees nothing for it (mixed S seed 2 tight 1.0, week 4: three 370 g jar
  // lots in a row on one filling machine, the other idle from Tuesday, the last lot late).
  const tools = context.secondary.filter((capacity) => capacity.kind === 'tool');
  const toolLoad = new Map(tools.map((capacity) => [secondaryKey(capacity), { capacity, load: secondaryLoad(capacity, production, context.weeks) }]));
  const toolsOf = new Map<string, string[]>();
  for (const [key, { capacity }] of toolLoad) for (const item of capacity.uses.keys()) toolsOf.set(item, [...(toolsOf.get(item) ?? []), key]);
  const loadRatio = (resource: string, week: number) => {
    const tool = toolLoad.get(resource);
    const limit = tool ? context.secondaryLimit(tool.capacity, week) : context.capacityLimit(resource, week);
    return limit > 0 ? (tool ? tool.load : load.get(resource)!.load)[week]! / limit : Infinity;
  };
  const spill = new Map<string, Float64Array>();
  const earlyFirm = new Map<string, Float64Array>();
  const ordersOf = firmOrdersByWeek(factory);
  const lateByWeek = new Int32Array(context.weeks);
  const overrunByWeek = new Int32Array(context.weeks);
  const lotsByWeek = new Int32Array(context.weeks);
  let lateFinishedQty = 0;
  let lateHeldUpQty = 0;
  let lateValue = 0;
  const heldUp = heldUpFactors(factory);
  const costs = new PlanCosts(factory);
  const lostSale = (item: string) => costs.lostSale(context.items.get(item)!);
  const heldUpValue = heldUpFactors(factory, lostSale);
  const thinWeeks: number[] = [];
  for (const { week, weekEnd, iterations, operations, lots, overruns } of flows) {
    if (iterations * DEFAULT_DESTRUCTION < THIN_SEARCH_SHARE * operations) thinWeeks.push(week);
    // How far each machine's work runs past the week's end: what its work center must shed.
    const overrun = new Map<string, Map<string, number>>();
    const charge = (resource: string, machine: string, minutes: number) => {
      let byMachine = overrun.get(resource);
      if (!byMachine) overrun.set(resource, (byMachine = new Map()));
      byMachine.set(machine, Math.max(byMachine.get(machine) ?? 0, minutes));
    };
    for (const { machine, resource: ending, lot, minutes } of overruns) {
      // Shed where the lot waited: the busiest work center of its routing that week. A packing line
      // that overruns because filling fed it late sheds filling's time (in its own minutes it would
      // shed twice the filling a slower packing step stands for).
      let busiest = ending;
      for (const resource of [...lots[lot]!.resources, ...(toolsOf.get(lots[lot]!.item) ?? [])]) if (loadRatio(resource, week) > loadRatio(busiest, week)) busiest = resource;
      charge(busiest, machine, minutes);
    }
    lots.forEach((lot, index) => {
      lotsByWeek[week]!++;
      const end = lot.end ?? Infinity;
      if (end <= lot.due) return;
      lateByWeek[week]!++;
      if (end > weekEnd) overrunByWeek[week]!++;
      if (context.items.get(lot.item)?.type === 'finished') lateFinishedQty += lot.qty;
      else lateHeldUpQty += lot.qty * (heldUp.get(lot.item) ?? 0);
      lateValue += lot.qty * (heldUpValue.get(lot.item) ?? 0);
      // A lot that could not be placed sheds its whole work; one late for an order due within the
      // week asks for stock of that order at the week's start (an order due on Tuesday cannot wait
      // for a lot that needs three days even alone).
      if (lot.end === null) {
        charge(lot.resources[0]!, `unplaced ${index}`, lot.work);
        return;
      }
      if (lot.due >= weekEnd) return;
      let early = 0;
      for (const order of ordersOf.get(`${lot.item}|${week}`) ?? []) if (order.due < end) early += order.qty;
      let row = earlyFirm.get(lot.item);
      if (!row) earlyFirm.set(lot.item, (row = new Float64Array(context.weeks)));
      row[week] = Math.max(row[week]!, early);
    });
    for (const [resource, byMachine] of overrun) {
      let row = spill.get(resource);
      if (!row) spill.set(resource, (row = new Float64Array(context.weeks)));
      for (const minutes of byMachine.values()) row[week]! += minutes;
    }
  }
  const sum = (counts: Int32Array) => counts.reduce((total, count) => total + count, 0);
  return { lots: sum(lotsByWeek), lateLots: sum(lateByWeek), lateByWeek, overrunByWeek, lotsByWeek, lateFinishedQty, lateHeldUpQty, lateValue, spill, load: new Map([...[...load].map(([resource, use]) => [resource, use.load] as const), ...[...toolLoad].map(([key, tool]) => [key, tool.load] as const)]), earlyFirm, thinSearchWeeks: thinWeeks.length, thinWeeks, seconds: (performance.now() - started) / 1000, threads };
}
