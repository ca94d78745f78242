/**
 * The data both sequence kernels (WebAssembly and its TypeScript reference) read: operations,
 * work per machine, setup matrices between kernel groups, working calendars as intervals with
 * running totals, and the machine-local sequence rules (the allergen cleanings' daily limit and
 * the colour campaigns' weekly one). Built once per instance; a call then passes a machine and a
 * sequence.
 */
import { MINUTES_PER_DAY } from '../../../domain/dates';
import type { ApsInstance, ApsOperation } from '../instance';

export interface KernelLayout {
  operations: number;
  machines: number;
  due: Float64Array;
  weight: Float64Array;
  /** Earliest start of each operation (its lot's previous step's end, where known). */
  release: Float64Array;
  /** Each operation's changeover group: a row and column of the setup matrix of the machines it runs on. */
  group: Int32Array;
  /** work[machine * operations + op]: run minutes on that machine, Infinity where not eligible. */
  work: Float64Array;
  /**
   * Setup minutes. Machine m's matrix starts at setupOffset[m] and has setupWidth[m] columns and
   * setupWidth[m] + 1 rows: setup[setupOffset[m] + from * setupWidth[m] + to], where the last row
   * (from = setupWidth[m]) is a machine's first operation. Machines of one resource share a matrix,
   * so it grows with the groups of a resource, not of the factory.
   */
  setup: Float64Array;
  setupOffset: Int32Array;
  setupWidth: Int32Array;
  /** 1 where the changeover of the same cell of `setup` is an allergen cleaning. */
  cleaning: Uint8Array;
  /** Allergen cleanings a machine may start per calendar day. */
  maxCleaningsPerDay: Int32Array;
  /** Each operation's place in its resource's campaign order, -1 outside any campaign rule. */
  campaignRank: Int32Array;
  /** Campaigns a machine may open per week. */
  maxCampaignsPerWeek: Int32Array;
  /** Day number of the horizon's first day: weeks count from it. */
  firstDay: number;
  /** Calendar intervals of machine m: calendarOffset[m] .. calendarOffset[m + 1]; none = always working. */
  calendarOffset: Int32Array;
  calendarStart: Float64Array;
  calendarEnd: Float64Array;
  calendarBefore: Float64Array;
  /** Working minutes up to each interval's end (calendarBefore + its length). */
  calendarAfter: Float64Array;
}

export interface KernelResult {
  weightedTardiness: number;
  totalSetup: number;
  completion: number;
  /** Campaigns opened beyond a week's limit. */
  campaignViolations: number;
}

export { PRICED_FIELDS } from './priced';

/** The rule part of a layout for machines without sequence rules. */
export function withoutSequenceRules(operations: number, machines: number, setupCells: number): Pick<KernelLayout, 'cleaning' | 'maxCleaningsPerDay' | 'campaignRank' | 'maxCampaignsPerWeek' | 'firstDay'> {
  return {
    cleaning: new Uint8Array(setupCells),
    maxCleaningsPerDay: new Int32Array(machines).fill(1),
    campaignRank: new Int32Array(operations).fill(-1),
    maxCampaignsPerWeek: new Int32Array(machines).fill(1),
    firstDay: 0,
  };
}

/** What a kernel does: time and price one machine's sequence from the instant it is free. */
export interface SequenceKernel {
  readonly name: string;
  evaluate(machine: number, sequence: Int32Array, length: number, free: number): KernelResult;
  /**
   * Every insertion of `op` into `sequence[0, length)` at once: for position p (0..length) the
   * result of evaluating the sequence with `op` before its p-th operation, as PRICED_FIELDS
   * numbers from PRICED_FIELDS * p: weighted tardiness, total setup, completion, campaign
   * violations. The array is the kernel's own and is overwritten by the next call.
   */
  priceInsertions(machine: number, sequence: Int32Array, length: number, op: number, free: number): Float64Array;
  /** Tell the kernel the operations' release times changed. */
  updateReleases(): void;
}

export function layoutFromInstance(instance: ApsInstance): KernelLayout {
  const operations = instance.operations.length;
  const machines = instance.machines.length;
  // Changeovers depend on the setup group, the allergens and the step's own setup: one kernel group
  // each, numbered within the resource (an operation runs on machines of its step's resource only).
  const keyOf = (operation: ApsOperation) => `${operation.setupGroup}|${[...operation.allergens].sort().join(',')}|${operation.setupMinutes}`;
  const groupsOf = new Map<string, { index: Map<string, number>; representative: ApsOperation[] }>();
  const group = new Int32Array(operations);
  for (const operation of instance.operations) {
    let groups = groupsOf.get(operation.resource);
    if (!groups) groupsOf.set(operation.resource, (groups = { index: new Map(), representative: [] }));
    const key = keyOf(operation);
    if (!groups.index.has(key)) {
      groups.index.set(key, groups.representative.length);
      groups.representative.push(operation);
    }
    group[operation.index] = groups.index.get(key)!;
  }
  const matrices: number[] = [];
  const cleanings: number[] = [];
  const offsetOf = new Map<string, number>();
  for (const [resource, { representative }] of groupsOf) {
    offsetOf.set(resource, matrices.length);
    for (const from of [...representative, undefined]) {
      for (const to of representative) {
        matrices.push(instance.setupBetween(from, to));
        cleanings.push(instance.isCleaning(from, to) ? 1 : 0);
      }
    }
  }
  const campaignRank = Int32Array.from(instance.operations, (operation) => {
    const rule = instance.campaignRule.get(operation.resource);
    const value = rule ? operation.attributes[rule.attribute] : undefined;
    return rule && value !== undefined ? rule.order.indexOf(value) : -1;
  });
  const setupOffset = Int32Array.from(instance.machines, (machine) => offsetOf.get(machine.resource.id) ?? 0);
  const setupWidth = Int32Array.from(instance.machines, (machine) => groupsOf.get(machine.resource.id)?.representative.length ?? 0);
  const work = new Float64Array(machines * operations).fill(Infinity);
  for (const operation of instance.operations) for (const [machine, run] of operation.eligible) work[machine * operations + operation.index] = operation.qty * run;
  const calendarOffset = new Int32Array(machines + 1);
  const pieces = instance.machines.map((machine) => machine.calendar.intervalArrays());
  pieces.forEach((piece, machine) => (calendarOffset[machine + 1] = calendarOffset[machine]! + piece.starts.length));
  const concat = (part: 'starts' | 'ends' | 'before') => {
    const all = new Float64Array(calendarOffset[machines]!);
    pieces.forEach((piece, machine) => all.set(piece[part], calendarOffset[machine]!));
    return all;
  };
  const calendarStart = concat('starts');
  const calendarEnd = concat('ends');
  const calendarBefore = concat('before');
  return {
    operations,
    machines,
    due: Float64Array.from(instance.operations, (operation) => operation.due),
    weight: Float64Array.from(instance.operations, (operation) => operation.weight),
    release: Float64Array.from(instance.operations, (operation) => instance.lots[operation.lot]!.release),
    group,
    work,
    setup: Float64Array.from(matrices),
    setupOffset,
    setupWidth,
    cleaning: Uint8Array.from(cleanings),
    maxCleaningsPerDay: Int32Array.from(instance.machines, (machine) => instance.allergenRule.get(machine.resource.id)?.maxCleaningsPerDay ?? 1),
    campaignRank,
    maxCampaignsPerWeek: Int32Array.from(instance.machines, (machine) => instance.campaignRule.get(machine.resource.id)?.maxCampaignsPerWeek ?? 1),
    firstDay: instance.origin / MINUTES_PER_DAY,
    calendarOffset,
    calendarStart,
    calendarEnd,
    calendarBefore,
    calendarAfter: workingMinutesToEnds(calendarStart, calendarEnd, calendarBefore),
  };
}

/** calendarAfter from the other three calendar arrays. */
export function workingMinutesToEnds(calendarStart: Float64Array, calendarEnd: Float64Array, calendarBefore: Float64Array): Float64Array {
  return calendarBefore.map((before, interval) => before + (calendarEnd[interval]! - calendarStart[interval]!));
}
