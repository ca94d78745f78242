/**
 * Operators work only inside their pool's shifts, and a step that needs them holds them from its
 * setup to its end. Where the pool's shifts are shorter than the machine's (a day-shift crew on a
 * two-shift line), an operation can only run inside one staffed stretch: the machine's working
 * time between two moments when it works unstaffed. A lot longer than the usual stretch is cut into
 * sub-lots that fit one, as a planner cuts a batch to the shift.
 */
import type { CompiledCalendar } from '../../domain/calendar';
import { MINUTES_PER_DAY } from '../../domain/dates';
import type { ApsInstance, ApsOperation } from './instance';

/** Most parts a lot is cut into to fit the crew's shifts; beyond it the lot is reported unplaced. */
const MAX_STAFFED_PARTS = 50;

/**
 * The runs of the machine's working minutes in [from, to) that the pool staffs throughout, in
 * order: a run may span times when the machine is idle, and ends where the machine works without
 * the crew.
 */
export function staffedStretches(machine: CompiledCalendar, pool: CompiledCalendar, from: number, to: number): number[] {
  const stretches: number[] = [];
  let current = 0;
  const close = () => {
    if (current > 0) stretches.push(current);
    current = 0;
  };
  for (const [start, end] of machine.workingIntervals(from, to)) {
    let cursor = start;
    for (const [staffedStart, staffedEnd] of pool.workingIntervals(start, end)) {
      if (staffedStart > cursor) close();
      current += staffedEnd - staffedStart;
      cursor = staffedEnd;
    }
    if (cursor < end) close();
  }
  close();
  return stretches;
}

/**
 * The stretch a lot can count on: the median one, so that one long Saturday of overtime does not
 * size lots that only that Saturday could hold. 0 when the crew never staffs the machine.
 */
export function usualStaffedStretch(machine: CompiledCalendar, pool: CompiledCalendar, from: number, to: number): number {
  const stretches = staffedStretches(machine, pool, from, to).sort((a, b) => a - b);
  return stretches.length > 0 ? stretches[Math.floor(stretches.length / 2)]! : 0;
}

/** The longest changeover an operation can meet on its work center: matrix, step setup or allergen cleaning. */
function longestSetup(instance: ApsInstance, operation: ApsOperation): number {
  const matrix = instance.factory.setupMatrices.find((candidate) => candidate.resource === operation.resource);
  let minutes = operation.setupMinutes;
  if (matrix) minutes = Math.max(minutes, matrix.defaultMinutes, ...matrix.entries.map((entry) => entry.minutes));
  return Math.max(minutes, instance.allergenRule.get(operation.resource)?.cleaningMinutes ?? 0);
}

/** Where the crew's stretches are measured: the scheduled weeks and the week after, into which late lots spill. */
function stretchesWindow(instance: ApsInstance): [number, number] {
  const weeks = Math.max(0, ...instance.lots.map((lot) => lot.week)) + 2;
  return [instance.origin, instance.origin + weeks * 7 * MINUTES_PER_DAY];
}

/** The usual staffed stretch of each machine, measured once per instance. */
function stretchOf(instance: ApsInstance, machine: number, stretches: Map<number, number>): number {
  let stretch = stretches.get(machine);
  if (stretch === undefined) {
    const [from, to] = stretchesWindow(instance);
    stretches.set(machine, (stretch = usualStaffedStretch(instance.machines[machine]!.calendar, instance.labor!.calendar, from, to)));
  }
  return stretch;
}

/** Near-equal parts are whole units where the quantity is whole: the largest decides the fit. */
function largestPart(qty: number, parts: number): number {
  return Number.isInteger(qty) ? Math.ceil(qty / parts) : qty / parts;
}

/**
 * Fits operations that need operators to the crew's shifts. Each gets `crewParts`: the parts its
 * lot must be cut into so that a part fits one staffed stretch (1 when it fits whole; undefined
 * when no cut does, or the pool is too small for it). Cutting is sized for every machine that
 * needs at most twice the fewest parts, so a lot does not lose its parallel machines to a slightly
 * shorter shift; machines a part still does not fit are no longer eligible for it.
 * `stretches`: each machine's usual stretch, kept by a caller that builds the same weeks again.
 */
export function fitToCrewShifts(instance: ApsInstance, stretches = new Map<number, number>()): void {
  const labor = instance.labor;
  if (!labor) return;
  for (const operation of instance.operations) {
    if (operation.operators <= 0) continue;
    operation.crewParts = undefined;
    if (operation.operators > labor.headcount) continue;
    const setup = longestSetup(instance, operation);
    const fits = (machine: number, parts: number) => Math.ceil(setup + largestPart(operation.qty, parts) * operation.eligible.get(machine)! - 1e-9) <= stretchOf(instance, machine, stretches);
    const needed = new Map<number, number>();
    for (const [machine, run] of operation.eligible) {
      const stretch = stretchOf(instance, machine, stretches);
      if (stretch <= setup) continue;
      let parts = Math.max(1, Math.ceil((operation.qty * run) / (stretch - setup) - 1e-9));
      while (parts < MAX_STAFFED_PARTS && !fits(machine, parts)) parts++;
      if (fits(machine, parts)) needed.set(machine, parts);
    }
    if (needed.size === 0) continue;
    const fewest = Math.min(...needed.values());
    const parts = Math.max(...[...needed.values()].filter((count) => count <= 2 * fewest));
    operation.crewParts = parts;
    if (parts === 1) for (const machine of [...operation.eligible.keys()]) if (!fits(machine, 1)) operation.eligible.delete(machine);
  }
}

/** Lots with a step too long for the staffed stretches of its machines, with the parts that make every step fit. */
export function staffedLotSplits(instance: ApsInstance): Map<string, number> {
  const splits = new Map<string, number>();
  for (const lot of instance.lots) {
    const parts = Math.max(...lot.operations.map((index) => instance.operations[index]!.crewParts ?? 1));
    if (parts > 1) splits.set(`${lot.item}|${lot.week}`, parts);
  }
  return splits;
}

/** Why the pool cannot staff an operation at all, in a planner's words; undefined if it can. */
export function staffingShortfall(instance: ApsInstance, operation: ApsOperation): string | undefined {
  const labor = instance.labor;
  if (!labor || operation.operators <= 0 || operation.crewParts !== undefined) return undefined;
  const pool = instance.factory.policy.laborPool;
  if (operation.operators > labor.headcount) return `it needs ${operation.operators} operators and pool ${pool} has ${labor.headcount}`;
  const stretches = new Map<number, number>();
  const usual = Math.max(0, ...[...operation.eligible.keys()].map((machine) => stretchOf(instance, machine, stretches)));
  return `no stretch its machines work while pool ${pool} is on shift is long enough for it, even cut into ${MAX_STAFFED_PARTS} (the usual one is ${usual} min)`;
}
