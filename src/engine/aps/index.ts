/** The APS: the frozen weeks of a Master Plan as a `ponte.schedule/1`, with its self-check. */
import { MINUTES_PER_DAY } from '../../domain/dates';
import { FactoryCalendars } from '../../domain/capacity';
import type { Factory, Plan, Schedule } from '../../domain/types';
import { decode, DEFAULT_WEIGHTS, type ObjectiveWeights, type ScheduleResult } from './decoder';
import { apsInstanceBuilder, firmOrderDues, type ApsInstance } from './instance';
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
 * Lots worth splitting, with the cuts to try, fewest parts first: those late in the constructive
 * schedule with a step that more than one machine can run, cut into as many sub-lots as that step
 * has machines (at most four); and a lot of several steps, cut into four, so that its later steps
 * start on the first sub-lot while the earlier ones run the rest (transfer batches). Whole, a lot's
 * last step waits for all of it: mixed S tight 1.0, a 500-case sauce lot filled on the one machine
 * its format tool allows (53 h, to Friday 11:24) left its packing, on a two-shift line, 9 h past
 * the week, in each slushy week.
 */
export function lateLotSplits(instance: ApsInstance, constructive: ScheduleResult): Map<string, number[]> {
  const end = new Map(constructive.timed.map((timed) => [timed.operation, timed.end]));
  const splits = new Map<string, number[]>();
  for (const lot of instance.lots) {
    const operations = lot.operations.map((index) => instance.operations[index]!);
    const finish = end.get(lot.operations.at(-1)!) ?? Infinity;
    if (finish <= operations[0]!.due) continue;
    const parts = Math.min(MAX_SPLIT, Math.max(...operations.map((operation) => operation.eligible.size)));
    const cuts = [...(parts > 1 ? [parts] : []), ...(operations.length > 1 && parts < MAX_SPLIT ? [MAX_SPLIT] : [])].filter((cut) => operations[0]!.qty >= cut);
    if (cuts.length > 0) splits.set(`${lot.item}|${lot.week}`, cuts);
  }
  return splits;
}

/**
 * The share of a machine's week above which a lot is cut across its work center's parallel
 * machines whatever the constructive schedule says. Whole, such a lot holds one machine for most
 * of the week and its later steps wait for all of it: paint L tight 1.0, week 2, a 0.75 l enamel
 * filling lot of 162 h on one of four machines ran to 357 h of a 168 h week, and splitting it
 * was refused because the constructive schedule, 8,032 h late in all, priced it 570 h worse.
 */
const OVERSIZED_SHARE = 0.5;

/** Lots with a step that needs more than OVERSIZED_SHARE of its fastest machine's week, with the parts that bring it under (at most its machines, and MAX_SPLIT). */
export function oversizedLotSplits(instance: ApsInstance): Map<string, number> {
  const splits = new Map<string, number>();
  // A week's lots share their release: each machine's week is read once.
  const weekOf = new Map<string, number>();
  const machineWeek = (machine: number, release: number) => {
    const key = `${machine}|${release}`;
    let minutes = weekOf.get(key);
    if (minutes === undefined) weekOf.set(key, (minutes = instance.machines[machine]!.calendar.workingMinutesBetween(release, release + 7 * MINUTES_PER_DAY)));
    return minutes;
  };
  for (const lot of instance.lots) {
    let parts = 1;
    for (const index of lot.operations) {
      const operation = instance.operations[index]!;
      if (operation.eligible.size < 2) continue;
      let share = Infinity;
      for (const [machine, run] of operation.eligible) {
        const minutes = machineWeek(machine, lot.release);
        if (minutes > 0) share = Math.min(share, (operation.setupMinutes + operation.qty * run) / minutes);
      }
      if (share > OVERSIZED_SHARE && share < Infinity) parts = Math.max(parts, Math.min(MAX_SPLIT, operation.eligible.size, Math.ceil(share / OVERSIZED_SHARE)));
    }
    if (parts > 1 && instance.operations[lot.operations[0]!]!.qty >= parts) splits.set(`${lot.item}|${lot.week}`, parts);
  }
  return splits;
}

export function scheduleFrozenWeeks(factory: Factory, plan: Plan, options: ScheduleOptions = {}): ScheduleRun {
  const { weights: partialWeights, weeks, week, splitLots = true, calendars, dues, ...search } = options;
  const weights = { ...DEFAULT_WEIGHTS, ...partialWeights };
  const scope = week !== undefined ? { week } : weeks !== undefined ? { weeks } : {};
  const instanceOptions = { ...scope, dues: dues ?? firmOrderDues(factory, plan), calendars: calendars ?? new FactoryCalendars(factory) };
  const build = apsInstanceBuilder(factory, plan, instanceOptions);
  let instance = build();
  // Lots too long for the crew's shifts are cut whatever the search finds: whole, they cannot be
  // placed. So are lots too long for one machine's week, where the caller lets lots be split.
  const forced = staffedLotSplits(instance);
  if (splitLots) for (const [lot, parts] of oversizedLotSplits(instance)) forced.set(lot, Math.max(parts, forced.get(lot) ?? 1));
  if (forced.size > 0) instance = build(forced);
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
    // Each trial a lot and a cut: the latest lots first, each lot's cuts fewest parts first.
    const trials = [...lateLotSplits(instance, constructive)]
      .sort((a, b) => lateness.get(b[0])! - lateness.get(a[0])!)
      .flatMap(([lot, cuts]) => cuts.filter((parts) => parts > (forced.get(lot) ?? 1)).map((parts) => [lot, parts] as const));
    const splits = new Map(forced);
    let best = constructive.cost;
    for (const [lot, parts] of trials.slice(0, MAX_SPLIT_TRIALS)) {
      const kept = splits.get(lot);
      splits.set(lot, parts);
      const candidate = build(splits);
      const cost = constructiveOf(candidate).cost;
      if (cost < best) {
        best = cost;
        instance = candidate;
      } else if (kept !== undefined) splits.set(lot, kept);
      else splits.delete(lot);
    }
  }
  const result = searchSchedule(instance, { ...search, weights });
  const schedule = scheduleDocument(factory, plan, instance, result.schedule, scope);
  return { schedule, instance, kernel: result.kernel, iterations: result.iterations, seconds: result.seconds, progress: result.progress };
}
