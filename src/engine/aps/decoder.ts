/**
 * Turns a sequencing decision into a timed schedule that holds the rules by construction.
 * A decision is a machine for every operation and a priority list; operations are placed in
 * list order (a lot's earlier steps, and the `before` lots of a precedence rule, are pulled ahead
 * when needed), each as early as its machine, its lot's previous step, the allergen cleaning
 * limit, its tools and operators allow, pausing outside shifts. What the decoder cannot repair,
 * campaign order, is counted as a violation and priced by the search.
 */
import { MINUTES_PER_DAY } from '../../domain/dates';
import type { ApsInstance, ApsOperation } from './instance';
import { UsageTimeline } from './usageTimeline';

export interface Decision {
  machineOf: Int32Array;
  priority: number[];
}

export interface TimedOperation {
  operation: number;
  machine: number;
  setupStart: number;
  start: number;
  end: number;
  setupMinutes: number;
  cleaning: boolean;
}

export interface ScheduleResult {
  timed: TimedOperation[];
  /** Machine sequences, by machine index. */
  sequences: number[][];
  makespan: number;
  totalSetup: number;
  weightedTardiness: number;
  tardiness: number;
  lateLots: number;
  campaignViolations: number;
  unplaced: number;
  /** Pinned operations that could not start at their pinned instant. */
  pinsMoved: number;
  cost: number;
}

export interface ObjectiveWeights {
  tardiness: number;
  setup: number;
  makespan: number;
}

/** Tardiness first, then setup time, then makespan. */
export const DEFAULT_WEIGHTS: ObjectiveWeights = { tardiness: 1e6, setup: 1e3, makespan: 1 };
/** What one broken rule (a campaign over its weekly limit, an unplaced operation) costs: more than any schedule that keeps them. */
export const VIOLATION_COST = 1e15;
/** Each minute a pinned operation is pushed from its instant: dearer than any tardiness, so pins hold wherever they can. */
const PIN_DRIFT_COST = 1e10;

export function decode(instance: ApsInstance, decision: Decision, weights: ObjectiveWeights = DEFAULT_WEIGHTS): ScheduleResult {
  const { operations, machines } = instance;
  const placed = new Array<TimedOperation | undefined>(operations.length);
  const sequences: number[][] = machines.map(() => []);
  const machineFree = new Float64Array(machines.length).fill(instance.origin);
  const cleaningsByDay = new Map<string, number>();
  const toolUsage = new Map<string, UsageTimeline>();
  const operatorUsage = new UsageTimeline();
  const unused = new UsageTimeline();
  const lotEnd = new Map<number, number>();
  const pending = new Set<number>(decision.priority);
  let unplaced = 0;
  let pinsMoved = 0;
  let pinDrift = 0;

  const beforeOps = (operation: ApsOperation): number[] => {
    const rules = instance.precedeRules.get(operation.resource);
    if (!rules) return [];
    const week = instance.lots[operation.lot]!.week;
    const matches = (candidate: ApsOperation, key: string) => candidate.item === key || candidate.setupGroup === key;
    const required: number[] = [];
    for (const rule of rules) {
      if (!matches(operation, rule.after)) continue;
      for (const other of operations) {
        if (other.index !== operation.index && other.resource === operation.resource && instance.lots[other.lot]!.week === week && matches(other, rule.before) && !matches(other, rule.after)) required.push(other.index);
      }
    }
    return required;
  };

  const place = (index: number, depth = 0): void => {
    if (!pending.has(index)) return;
    pending.delete(index);
    const operation = operations[index]!;
    const lot = instance.lots[operation.lot]!;
    // Earlier steps of the lot, and lots a precedence rule puts first, go before.
    if (operation.stepIndex > 0) place(lot.operations[operation.stepIndex - 1]!, depth + 1);
    let precedeRelease = instance.origin;
    for (const before of beforeOps(operation)) {
      place(before, depth + 1);
      precedeRelease = Math.max(precedeRelease, placed[before]?.end ?? instance.origin);
    }
    const pin = instance.pins.get(index);
    const machineIndex = pin ? pin.machine : decision.machineOf[index]!;
    const machine = machines[machineIndex];
    const run = machine ? operation.eligible.get(machineIndex) : undefined;
    if (!machine || run === undefined) {
      unplaced++;
      return;
    }
    const sequence = sequences[machineIndex]!;
    const previous = sequence.length > 0 ? operations[sequence[sequence.length - 1]!] : undefined;
    const setup = instance.setupBetween(previous, operation);
    const cleaning = instance.isCleaning(previous, operation);
    // Schedules are written to the minute: the work of an operation is rounded up to whole minutes.
    const work = Math.ceil(setup + operation.qty * run - 1e-9);
    const rule = instance.allergenRule.get(operation.resource);
    const calendar = machine.calendar;
    let release = Math.max(machineFree[machineIndex]!, operation.stepIndex > 0 ? (lotEnd.get(operation.lot) ?? lot.release) : lot.release, precedeRelease, pin?.at ?? -Infinity);

    let timing: { setupStart: number; start: number; end: number } | undefined;
    for (let attempt = 0; attempt < 500; attempt++) {
      const setupStart = calendar.nextWorkingInstant(release);
      if (setupStart === undefined) break;
      const end = calendar.addWorkingMinutes(setupStart, work);
      if (end === undefined) break;
      // The run starts where the setup ends, at the next working minute if a shift ended there.
      const setupEnd = calendar.addWorkingMinutes(setupStart, setup)!;
      const start = setup > 0 && work > setup ? calendar.nextWorkingInstant(setupEnd) ?? setupEnd : setupEnd;
      if (cleaning && rule) {
        const day = Math.floor(setupStart / MINUTES_PER_DAY);
        if ((cleaningsByDay.get(`${machineIndex}|${day}`) ?? 0) >= (rule.maxCleaningsPerDay ?? 1)) {
          release = (day + 1) * MINUTES_PER_DAY;
          continue;
        }
      }
      let blockedUntil = -Infinity;
      for (const tool of operation.tools) {
        const { peak, firstEnd } = (toolUsage.get(tool) ?? unused).peakDuring(setupStart, end);
        if (peak + 1 > (instance.toolCapacity.get(tool) ?? 1)) blockedUntil = Math.max(blockedUntil, firstEnd);
      }
      if (operation.operators > 0 && instance.labor) {
        const { peak, firstEnd } = operatorUsage.peakDuring(setupStart, end);
        if (peak + operation.operators > instance.labor.headcount) blockedUntil = Math.max(blockedUntil, firstEnd);
        // Operators work only inside their pool's shifts: every minute the machine works must be covered.
        for (const [from, to] of calendar.workingIntervals(setupStart, end)) {
          if (instance.labor.calendar.workingMinutesBetween(from, to) < to - from) {
            const resume = instance.labor.calendar.nextWorkingInstant(from);
            blockedUntil = Math.max(blockedUntil, resume !== undefined && resume > from ? resume : to);
            break;
          }
        }
      }
      // Nothing in use ends and it still does not fit: more operators or tools than there are.
      if (blockedUntil === Infinity) break;
      if (blockedUntil > -Infinity) {
        release = Math.max(release + 1, blockedUntil);
        continue;
      }
      timing = { setupStart, start, end };
      break;
    }
    if (!timing) {
      unplaced++;
      return;
    }
    if (pin && timing.setupStart !== pin.at) {
      pinsMoved++;
      pinDrift += Math.abs(timing.setupStart - pin.at);
    }
    const timed: TimedOperation = { operation: index, machine: machineIndex, setupStart: timing.setupStart, start: timing.start, end: timing.end, setupMinutes: setup, cleaning };
    placed[index] = timed;
    sequence.push(index);
    machineFree[machineIndex] = timing.end;
    lotEnd.set(operation.lot, timing.end);
    if (cleaning) {
      const key = `${machineIndex}|${Math.floor(timing.setupStart / MINUTES_PER_DAY)}`;
      cleaningsByDay.set(key, (cleaningsByDay.get(key) ?? 0) + 1);
    }
    for (const tool of operation.tools) {
      let usage = toolUsage.get(tool);
      if (!usage) toolUsage.set(tool, (usage = new UsageTimeline()));
      usage.add(timing.setupStart, timing.end, 1);
    }
    if (operation.operators > 0) operatorUsage.add(timing.setupStart, timing.end, operation.operators);
  };

  for (const index of decision.priority) place(index);

  const timed = placed.filter((entry): entry is TimedOperation => entry !== undefined);
  let makespan = 0;
  let totalSetup = 0;
  for (const entry of timed) {
    makespan = Math.max(makespan, entry.end - instance.origin);
    totalSetup += entry.setupMinutes;
  }
  let weightedTardiness = 0;
  let tardiness = 0;
  let lateLots = 0;
  for (const lot of instance.lots) {
    const last = placed[lot.operations[lot.operations.length - 1]!];
    if (!last) continue;
    const late = Math.max(0, last.end - instance.operations[lot.operations[0]!]!.due);
    if (late > 0) lateLots++;
    tardiness += late;
    weightedTardiness += late * instance.operations[lot.operations[0]!]!.weight;
  }
  const campaignViolations = countCampaignViolations(instance, sequences, placed);
  const cost = (campaignViolations + unplaced + pinsMoved) * VIOLATION_COST + PIN_DRIFT_COST * pinDrift + weights.tardiness * weightedTardiness + weights.setup * totalSetup + weights.makespan * makespan;
  return { timed, sequences, makespan, totalSetup, weightedTardiness, tardiness, lateLots, campaignViolations, unplaced, pinsMoved, cost };
}

/** Campaigns opened beyond each machine's weekly limit (going back in the colour order opens one). */
export function countCampaignViolations(instance: ApsInstance, sequences: number[][], placed: ReadonlyArray<TimedOperation | undefined>): number {
  let violations = 0;
  sequences.forEach((sequence, machineIndex) => {
    const rule = instance.campaignRule.get(instance.machines[machineIndex]!.resource.id);
    if (!rule) return;
    const perWeek = new Map<number, number>();
    let lastRank = -1;
    for (const index of sequence) {
      const value = instance.operations[index]!.attributes[rule.attribute];
      const rank = value === undefined ? -1 : rule.order.indexOf(value);
      if (rank < 0) continue;
      const week = instance.weekOf(placed[index]!.setupStart);
      if (lastRank < 0 || rank < lastRank) perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
      lastRank = rank;
    }
    for (const count of perWeek.values()) violations += Math.max(0, count - (rule.maxCampaignsPerWeek ?? 1));
  });
  return violations;
}
