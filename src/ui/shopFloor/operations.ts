/** What a supervisor's screen shows of the schedule and the entries: plain functions, tested in Node. */
import { effectiveEntries, localMinutes } from '../../domain/execution';
import { formatDate, parseDate, parseTimeOfDay, MINUTES_PER_DAY } from '../../domain/dates';
import type { ExecutionEntry, Factory, Schedule } from '../../domain/types';

export type Operation = Schedule['operations'][number];

export interface ShiftChoice {
  id: string;
  label: string;
  /** Minutes of the day; `to` may pass midnight (e.g. 22:00 to 06:00 the next day). */
  from: number;
  to: number;
}

export const WHOLE_DAY: ShiftChoice = { id: 'day', label: 'Whole day', from: 0, to: MINUTES_PER_DAY };

/** The shifts of a work center's calendar, each once, in the order of the day. */
export function shiftsOf(factory: Factory, resourceId: string | undefined): ShiftChoice[] {
  const resource = factory.resources.find((candidate) => candidate.id === resourceId);
  const calendar = factory.calendars.find((candidate) => candidate.id === resource?.calendar);
  const seen = new Map<string, ShiftChoice>();
  for (const shift of calendar?.shifts ?? []) {
    const id = `${shift.from}-${shift.to}`;
    if (!seen.has(id)) seen.set(id, { id, label: `${shift.from}–${shift.to}`, from: parseTimeOfDay(shift.from), to: parseTimeOfDay(shift.to) });
  }
  return [...[...seen.values()].sort((a, b) => a.from - b.from), WHOLE_DAY];
}

/** Days (YYYY-MM-DD) on which the schedule has work on these machines. */
export function scheduleDays(schedule: Schedule, machines: ReadonlySet<string>): string[] {
  const days = new Set<string>();
  for (const operation of schedule.operations) {
    if (!machines.has(operation.machine)) continue;
    const first = parseDate(operation.setupStart.slice(0, 10));
    const last = parseDate(operation.end.slice(0, 10));
    for (let day = first; day <= last; day++) days.add(formatDate(day));
  }
  return [...days].sort();
}

/** The operations on these machines that overlap the shift on that day, in machine order then time. */
export function operationsOfShift(schedule: Schedule, machines: ReadonlySet<string>, day: string, shift: ShiftChoice): Operation[] {
  const dayStart = parseDate(day) * MINUTES_PER_DAY;
  const from = dayStart + shift.from;
  const to = dayStart + (shift.to > shift.from ? shift.to : shift.to + MINUTES_PER_DAY);
  return schedule.operations
    .filter((operation) => machines.has(operation.machine) && localMinutes(operation.setupStart) < to && localMinutes(operation.end) > from)
    .sort((a, b) => (a.machine === b.machine ? localMinutes(a.setupStart) - localMinutes(b.setupStart) : a.machine.localeCompare(b.machine)));
}

export interface OperationProgress {
  goodQty: number;
  scrapQty: number;
  finished: boolean;
  entries: ExecutionEntry[];
}

/** Per operation id, what its entries (corrections applied) add up to. */
export function progressByOperation(entries: readonly ExecutionEntry[]): Map<string, OperationProgress> {
  const progress = new Map<string, OperationProgress>();
  for (const entry of effectiveEntries(entries)) {
    if (!entry.operation) continue;
    const known = progress.get(entry.operation) ?? { goodQty: 0, scrapQty: 0, finished: false, entries: [] };
    known.goodQty += entry.goodQty;
    known.scrapQty += entry.scrapQty;
    known.finished ||= entry.status !== 'partial';
    known.entries.push(entry);
    progress.set(entry.operation, known);
  }
  return progress;
}

/** `YYYY-MM-DDTHH:MM` of a moment in the device's (the plant's) local time. */
export function localStamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
