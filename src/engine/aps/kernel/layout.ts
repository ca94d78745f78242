/**
 * The data both sequence kernels (WebAssembly and its TypeScript reference) read: operations,
 * work per machine, setup matrices between kernel groups, and working calendars as intervals
 * with running totals. Built once per instance; a call then passes a machine and a sequence.
 */
import type { ApsInstance, ApsOperation } from '../instance';

export interface KernelLayout {
  operations: number;
  machines: number;
  groups: number;
  due: Float64Array;
  weight: Float64Array;
  /** Earliest start of each operation (its lot's previous step's end, where known). */
  release: Float64Array;
  group: Int32Array;
  /** work[machine * operations + op]: run minutes on that machine, Infinity where not eligible. */
  work: Float64Array;
  /** setup[(machine * groups + from) * groups + to] */
  setup: Float64Array;
  /** initial[machine * groups + to]: the setup of a machine's first operation. */
  initial: Float64Array;
  /** Calendar intervals of machine m: calendarOffset[m] .. calendarOffset[m + 1]; none = always working. */
  calendarOffset: Int32Array;
  calendarStart: Float64Array;
  calendarEnd: Float64Array;
  calendarBefore: Float64Array;
}

export interface KernelResult {
  weightedTardiness: number;
  totalSetup: number;
  completion: number;
}

/** What a kernel does: time and price one machine's sequence from the instant it is free. */
export interface SequenceKernel {
  readonly name: string;
  evaluate(machine: number, sequence: Int32Array, length: number, free: number): KernelResult;
  /** Completion of each operation of the last evaluated sequence. */
  lastEnds(length: number): Float64Array;
  /** Tell the kernel the operations' release times changed. */
  updateReleases(): void;
}

export function layoutFromInstance(instance: ApsInstance): KernelLayout {
  const operations = instance.operations.length;
  const machines = instance.machines.length;
  // Changeovers depend on the setup group, the allergens and the step's own setup: one kernel group each.
  const keyOf = (operation: ApsOperation) => `${operation.resource}|${operation.setupGroup}|${[...operation.allergens].sort().join(',')}|${operation.setupMinutes}`;
  const groupIndex = new Map<string, number>();
  const representative: ApsOperation[] = [];
  const group = new Int32Array(operations);
  for (const operation of instance.operations) {
    const key = keyOf(operation);
    if (!groupIndex.has(key)) {
      groupIndex.set(key, representative.length);
      representative.push(operation);
    }
    group[operation.index] = groupIndex.get(key)!;
  }
  const groups = representative.length;
  const setup = new Float64Array(machines * groups * groups);
  const initial = new Float64Array(machines * groups);
  for (let machine = 0; machine < machines; machine++) {
    for (let to = 0; to < groups; to++) {
      initial[machine * groups + to] = instance.setupBetween(undefined, representative[to]!);
      for (let from = 0; from < groups; from++) setup[(machine * groups + from) * groups + to] = instance.setupBetween(representative[from]!, representative[to]!);
    }
  }
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
  return {
    operations,
    machines,
    groups,
    due: Float64Array.from(instance.operations, (operation) => operation.due),
    weight: Float64Array.from(instance.operations, (operation) => operation.weight),
    release: new Float64Array(operations).fill(instance.origin),
    group,
    work,
    setup,
    initial,
    calendarOffset,
    calendarStart: concat('starts'),
    calendarEnd: concat('ends'),
    calendarBefore: concat('before'),
  };
}
