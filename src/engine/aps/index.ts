/** The APS: the frozen weeks of a Master Plan as a `ponte.schedule/1`, with its self-check. */
import { FactoryCalendars } from '../../domain/capacity';
import type { Factory, Plan, Schedule } from '../../domain/types';
import { decode, DEFAULT_WEIGHTS, type ObjectiveWeights, type ScheduleResult } from './decoder';
import { buildApsInstance, firmOrderDues, type ApsInstance } from './instance';
import { constructiveDecision, searchSchedule, type ProgressPoint, type SearchOptions } from './search';
import { scheduleDocument } from './scheduleDocument';
import { staffedLotSplits } from './staffing';

export interface ScheduleRun {
  schedule: Schedule;
  instance: ApsInstance;
  kernel: string;
  iterations: number;
  seconds: number;
  progress: ProgressPoint[];
}

export interface ScheduleOptions extends Omit<SearchOptions, 'weights'> {
  weeks?: number;
  /** One week of the plan alone: its lots released at its start, due at its end (or their firm orders' dates). */
  week?: number;
  weights?: Partial<ObjectiveWeights>;
  /** Split late lots across the machines of their work centers when that schedules better (true). */
  splitLots?: boolean;
  /** Compiled calendars and firm-order due dates, where the caller schedules several weeks of one plan. */
  calendars?: FactoryCalendars;
  dues?: ReadonlyMap<string, number>;
}

/** Most sub-lots a lot is cut into: beyond four, extra setups outweigh what parallel machines gain. */
const MAX_SPLIT = 4;

/** Late lots tried one by one for a split: each trial builds and decodes the week once (about 2 ms on M). */
const MAX_SPLIT_TRIALS = 40;

/**
 * Lots worth splitting: those late in the constructive schedule with a step that more than one
 * machine can run, cut into as many sub-lots as that step has machines (at most four).
 */
export function lateLotSplits(instance: ApsInstance, constructive: ScheduleResult): Map<string, number> {
  const end = new Map(constructive.timed.map((timed) => [timed.operation, timed.end]));
  const splits = new Map<string, number>();
  for (const lot of instance.lots) {
    const operations = lot.operations.map((index) => instance.operations[index]!);
    const finish = end.get(lot.operations.at(-1)!) ?? Infinity;
    const parts = Math.min(MAX_SPLIT, Math.max(...operations.map((operation) => operation.eligible.size)));
    if (finish > operations[0]!.due && parts > 1 && operations[0]!.qty >= parts) splits.set(`${lot.item}|${lot.week}`, parts);
  }
  return splits;
}

export function scheduleFrozenWeeks(factory: Factory, plan: Plan, options: ScheduleOptions = {}): ScheduleRun {
  const { weights: partialWeights, weeks, week, splitLots = true, calendars, dues, ...search } = options;
  const weights = { ...DEFAULT_WEIGHTS, ...partialWeights };
  const scope = week !== undefined ? { week } : weeks !== undefined ? { weeks } : {};
  const instanceOptions = { ...scope, dues: dues ?? firmOrderDues(factory, plan), calendars: calendars ?? new FactoryCalendars(factory) };
  let instance = buildApsInstance(factory, plan, instanceOptions);
  // Lots too long for the crew's shifts are cut whatever the search finds: whole, they cannot be placed.
  const staffed = staffedLotSplits(instance);
  if (staffed.size > 0) instance = buildApsInstance(factory, plan, { ...instanceOptions, splits: staffed });
  const constructiveOf = (candidate: ApsInstance) => decode(candidate, constructiveDecision(candidate), weights);
  const constructive = splitLots ? constructiveOf(instance) : undefined;
  if (constructive) {
    // Splitting helps only when parallel machines gain more than the extra setups cost. Halving
    // the search time to try both ways costs more than it finds, so constructive schedules decide,
    // lot by lot (the latest first), and the whole budget goes to the instance they chose. All
    // late lots split or none was the rule before: one lot whose split cost more setups than it
    // gained kept every other lot whole (seen: a 118 h dispersion lot on one machine, its
    // precedence follower waiting behind it, while a second machine stood idle).
    const end = new Map(constructive.timed.map((timed) => [timed.operation, timed.end]));
    const lateness = new Map(instance.lots.map((lot) => [`${lot.item}|${lot.week}`, (end.get(lot.operations.at(-1)!) ?? Infinity) - instance.operations[lot.operations[0]!]!.due]));
    const candidates = [...lateLotSplits(instance, constructive)].filter(([lot, parts]) => parts > (staffed.get(lot) ?? 1)).sort((a, b) => lateness.get(b[0])! - lateness.get(a[0])!);
    const splits = new Map(staffed);
    let best = constructive.cost;
    for (const [lot, parts] of candidates.slice(0, MAX_SPLIT_TRIALS)) {
      splits.set(lot, parts);
      const candidate = buildApsInstance(factory, plan, { ...instanceOptions, splits });
      const cost = constructiveOf(candidate).cost;
      if (cost < best) {
        best = cost;
        instance = candidate;
      } else if (staffed.has(lot)) splits.set(lot, staffed.get(lot)!);
      else splits.delete(lot);
    }
  }
  const result = searchSchedule(instance, { ...search, weights });
  const schedule = scheduleDocument(factory, plan, instance, result.schedule, scope);
  return { schedule, instance, kernel: result.kernel, iterations: result.iterations, seconds: result.seconds, progress: result.progress };
}
