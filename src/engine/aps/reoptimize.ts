/**
 * Re-optimize around pins: the planner pins operations on the Gantt (each stays on its machine
 * and starts its setup at its instant) and the sequencer re-plans everything else around them,
 * starting from the schedule as it is now (with the planner's moves), so it never returns a
 * schedule worse than that one by its own measure. A pin the rules make impossible to hold (its
 * lot's earlier step now ends later, say) is pushed no further than needed and named.
 */
import { formatInstant, parseInstant } from '../../domain/dates';
import type { Factory, Plan, Schedule } from '../../domain/types';
import { DEFAULT_WEIGHTS, type Decision, type ObjectiveWeights } from './decoder';
import { buildApsInstance, type ApsInstance } from './instance';
import type { ScheduleRun } from './index';
import { scheduleDocument } from './scheduleDocument';
import { searchSchedule, type SearchOptions } from './search';

export interface ReoptimizeOptions extends Omit<SearchOptions, 'weights' | 'initial'> {
  /** Ids of the pinned operations. */
  pinned: readonly string[];
  /** The schedule's scope: one week of the plan, or the frozen weeks (default). */
  week?: number;
  weeks?: number;
  weights?: Partial<ObjectiveWeights>;
}

export interface ReoptimizeRun extends ScheduleRun {
  /** Pinned operations that could not keep their instant, with where they start now. */
  pinsMoved: { operation: string; from: string; to: string }[];
}

/** Sub-lots per `item|week` as the schedule cut them (`LOT-<item>-P<k>-W<week>`), so the instance has the same operations. */
export function splitsOf(schedule: Schedule): Map<string, number> {
  const splits = new Map<string, number>();
  for (const operation of schedule.operations) {
    const match = /-P(\d+)-W(\d+)$/.exec(operation.order);
    if (!match || operation.order !== `LOT-${operation.item}-P${match[1]}-W${match[2]}`) continue;
    const key = `${operation.item}|${match[2]}`;
    splits.set(key, Math.max(splits.get(key) ?? 1, Number(match[1])));
  }
  return splits;
}

/** The instance behind a schedule, with its pins; an error names what does not match the plan. */
export function instanceOfSchedule(factory: Factory, plan: Plan, schedule: Schedule, pinned: readonly string[], scope: { week?: number; weeks?: number } = {}): { instance: ApsInstance; decision: Decision } {
  const instance = buildApsInstance(factory, plan, { ...scope, splits: splitsOf(schedule) });
  const byId = new Map(instance.operations.map((operation) => [operation.id, operation]));
  const machineIndex = new Map(instance.machines.map((machine) => [`${machine.resource.id}|${machine.id}`, machine.index]));
  const machineOf = new Int32Array(instance.operations.length).fill(-1);
  const seen = new Set<number>();
  for (const operation of schedule.operations) {
    const index = byId.get(operation.id)?.index;
    if (index === undefined) throw new Error(`the schedule does not match this plan: ${operation.id} is not among the plan's operations for these weeks`);
    const machine = machineIndex.get(`${operation.resource}|${operation.machine}`);
    if (machine === undefined) throw new Error(`${operation.id}: no machine ${operation.machine} in ${operation.resource}`);
    machineOf[index] = machine;
    seen.add(index);
  }
  const missing = instance.operations.find((operation) => !seen.has(operation.index));
  if (missing) throw new Error(`the schedule does not match this plan: it has no operation ${missing.id}`);
  const pinnedSet = new Set(pinned);
  for (const id of pinnedSet) if (!byId.has(id)) throw new Error(`cannot pin ${id}: no such operation in this schedule`);
  // The machines' sequences as the schedule has them: by setup start, ties in document order.
  const order = schedule.operations.map((operation, position) => ({ index: byId.get(operation.id)!.index, at: parseInstant(operation.setupStart), position, id: operation.id }));
  order.sort((a, b) => a.at - b.at || a.position - b.position);
  for (const entry of order) if (pinnedSet.has(entry.id)) instance.pins.set(entry.index, { machine: machineOf[entry.index]!, at: entry.at });
  return { instance, decision: { machineOf, priority: order.map((entry) => entry.index) } };
}

export function reoptimizeAroundPins(factory: Factory, plan: Plan, schedule: Schedule, options: ReoptimizeOptions): ReoptimizeRun {
  const { pinned, week, weeks, weights: partialWeights, ...search } = options;
  const scope = week !== undefined ? { week } : weeks !== undefined ? { weeks } : {};
  const weights = { ...DEFAULT_WEIGHTS, ...partialWeights };
  const { instance, decision } = instanceOfSchedule(factory, plan, schedule, pinned, scope);
  const result = searchSchedule(instance, { ...search, weights, initial: decision });
  const document = scheduleDocument(factory, plan, instance, result.schedule, scope);
  const startOf = new Map(result.schedule.timed.map((timed) => [timed.operation, timed.setupStart]));
  const pinsMoved = [...instance.pins]
    .filter(([index, pin]) => startOf.get(index) !== pin.at)
    .map(([index, pin]) => ({ operation: instance.operations[index]!.id, from: formatInstant(pin.at), to: startOf.has(index) ? formatInstant(startOf.get(index)!) : 'unplaced' }));
  return { schedule: document, instance, kernel: result.kernel, iterations: result.iterations, seconds: result.seconds, progress: result.progress, pinsMoved };
}
