/**
 * Schedule adherence: an operation adheres when it started within the tolerance of its planned
 * start, on its planned machine, and in its planned position among the operations that ran on
 * that machine. Operations planned to start before the entries' horizon (or `asOf`) that never
 * started count as not adhering.
 */
import { pushTo } from '../../domain/collections';
import { effectiveEntries, localMinutes, type ExecutionTolerance } from '../../domain/execution';
import type { ExecutionEntry, Schedule } from '../../domain/types';

export interface OperationAdherence {
  operation: string;
  machine: string;
  item: string;
  plannedStart: string;
  actualStart: string | null;
  actualMachine: string | null;
  startDeviationMinutes: number | null;
  inPosition: boolean;
  adheres: boolean;
  /** The day of its planned start. */
  day: string;
}

export interface ShareFigures {
  operations: number;
  adhering: number;
  share: number;
}

export interface ScheduleAdherence {
  total: ShareFigures;
  operations: OperationAdherence[];
  byMachine: (ShareFigures & { machine: string })[];
  byDay: (ShareFigures & { day: string })[];
  byShift: (ShareFigures & { shift: string })[];
}

/** Shifts by the hour a run starts: morning 06-14, afternoon 14-22, night 22-06 (a plant's usual three). */
export function shiftOfTime(stamp: string): string {
  const hour = Number(stamp.slice(11, 13));
  return hour >= 6 && hour < 14 ? 'morning 06-14' : hour >= 14 && hour < 22 ? 'afternoon 14-22' : 'night 22-06';
}

export function scheduleAdherence(schedule: Schedule, entries: readonly ExecutionEntry[], tolerance: ExecutionTolerance, asOf?: string): ScheduleAdherence {
  const counting = effectiveEntries(entries).filter((entry) => entry.operation);
  const byOperation = new Map<string, ExecutionEntry[]>();
  for (const entry of counting) pushTo(byOperation, entry.operation!, entry);
  const horizonEnd = asOf ?? counting.reduce((latest, entry) => (entry.end > latest ? entry.end : latest), '');
  // Actual order on each machine: the operations that ran there, by actual start.
  const actualStart = new Map<string, { start: string; machine: string }>();
  for (const [operation, list] of byOperation) {
    const first = list.reduce((earliest, entry) => (entry.start < earliest.start ? entry : earliest));
    actualStart.set(operation, { start: first.start, machine: first.machine });
  }
  const positions = (pairs: { id: string; at: string }[]) => new Map(pairs.sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? -1 : 1)).map((pair, index) => [pair.id, index]));
  const machines = new Set(schedule.operations.map((operation) => operation.machine));
  const plannedPosition = new Map<string, number>();
  const actualPosition = new Map<string, number>();
  for (const machine of machines) {
    const ran = schedule.operations.filter((operation) => operation.machine === machine && actualStart.get(operation.id)?.machine === machine);
    for (const [id, index] of positions(ran.map((operation) => ({ id: operation.id, at: operation.start })))) plannedPosition.set(id, index);
    for (const [id, index] of positions(ran.map((operation) => ({ id: operation.id, at: actualStart.get(operation.id)!.start })))) actualPosition.set(id, index);
  }
  const operations: OperationAdherence[] = [];
  for (const operation of schedule.operations) {
    const actual = actualStart.get(operation.id);
    if (!actual && (horizonEnd === '' || operation.start > horizonEnd)) continue;
    const deviation = actual ? localMinutes(actual.start) - localMinutes(operation.start) : null;
    const inPosition = actual !== undefined && actual.machine === operation.machine && plannedPosition.get(operation.id) === actualPosition.get(operation.id);
    operations.push({
      operation: operation.id,
      machine: operation.machine,
      item: operation.item,
      plannedStart: operation.start,
      actualStart: actual?.start ?? null,
      actualMachine: actual?.machine ?? null,
      startDeviationMinutes: deviation,
      inPosition,
      adheres: deviation !== null && Math.abs(deviation) <= tolerance.minutesTolerance && inPosition,
      day: operation.start.slice(0, 10),
    });
  }
  const share = (list: OperationAdherence[]): ShareFigures => {
    const adhering = list.filter((operation) => operation.adheres).length;
    return { operations: list.length, adhering, share: list.length > 0 ? adhering / list.length : 1 };
  };
  const group = <K extends string>(key: (operation: OperationAdherence) => K) => {
    const groups = new Map<K, OperationAdherence[]>();
    for (const operation of operations) pushTo(groups, key(operation), operation);
    return [...groups].sort((a, b) => a[0].localeCompare(b[0]));
  };
  return {
    total: share(operations),
    operations,
    byMachine: group((operation) => operation.machine).map(([machine, list]) => ({ machine, ...share(list) })),
    byDay: group((operation) => operation.day).map(([day, list]) => ({ day, ...share(list) })),
    byShift: group((operation) => shiftOfTime(operation.plannedStart)).map(([shift, list]) => ({ shift, ...share(list) })),
  };
}
