/**
 * A planner's move on the Gantt: one operation dropped on a machine at a time. The machines keep
 * their sequences (the moved operation takes its place among the target machine's by the drop
 * time) and the schedule is re-timed forward: each operation as early as its machine, the
 * changeover from its predecessor (setup matrix, allergen cleaning) and its lot's previous step
 * allow, never earlier than it was (nothing else moves unasked), pausing outside shifts. What
 * re-timing cannot mend (a machine its routing does not allow, tools, operators, cleanings a day,
 * colour campaigns, precede rules) is named by the schedule's own self-check, so the drop can be
 * refused with the rules it breaks before it is kept.
 */
import { FactoryCalendars } from '../../domain/capacity';
import { pushTo } from '../../domain/collections';
import { formatInstant, parseInstant } from '../../domain/dates';
import type { Factory, Plan, Schedule } from '../../domain/types';
import { checkSchedule, type ScheduleViolation } from '../scheduleCheck';
import { Changeovers } from './changeover';

export interface Move {
  operation: string;
  resource: string;
  machine: string;
  /** Where the operation is dropped: the instant its setup should start (minutes). */
  at: number;
}

export interface MoveResult {
  schedule: Schedule;
  /** The self-check's complaints that the schedule before the move did not have. */
  broken: ScheduleViolation[];
  /** Why the move cannot be made at all (a machine its routing does not allow). */
  refused?: string;
}

interface Timed {
  index: number;
  operation: Schedule['operations'][number];
  key: string;
  setupStart: number;
  /** No earlier than this: where it was, or where the planner dropped it. */
  notBefore: number;
}

export class GanttMover {
  private readonly calendars: FactoryCalendars;
  private readonly changeovers: Changeovers;
  private readonly before: Set<string>;

  constructor(
    private readonly factory: Factory,
    private readonly plan: Plan,
    private readonly schedule: Schedule,
    private readonly scope: { week?: number } = {},
  ) {
    this.calendars = new FactoryCalendars(factory);
    this.changeovers = new Changeovers(factory);
    this.before = new Set(checkSchedule(factory, plan, schedule, scope).map((violation) => violation.message));
  }

  move(move: Move): MoveResult {
    const moved = this.schedule.operations.find((operation) => operation.id === move.operation);
    if (!moved) return { schedule: this.schedule, broken: [], refused: `no operation ${move.operation} in this schedule` };
    const resource = this.factory.resources.find((candidate) => candidate.id === move.resource);
    const machine = resource?.machines.find((candidate) => candidate.id === move.machine);
    if (!resource || !machine) return { schedule: this.schedule, broken: [], refused: `no machine ${move.machine} in ${move.resource}` };
    const run = this.changeovers.runMinutes(moved.item, moved.step, move.machine);
    if (move.resource !== moved.resource || run === undefined) {
      const allowed = this.changeovers.step(moved.item, moved.step)?.machines?.map((entry) => entry.machine).join(', ');
      return { schedule: this.schedule, broken: [], refused: `${move.machine} cannot run ${moved.item} step ${moved.step}: it runs on ${moved.resource}${allowed ? ` (${allowed})` : ''}` };
    }
    const timed: Timed[] = this.schedule.operations.map((operation, index) => {
      const isMoved = operation.id === move.operation;
      const setupStart = isMoved ? Math.round(move.at) : parseInstant(operation.setupStart);
      return { index, operation: isMoved ? { ...operation, resource: move.resource, machine: move.machine } : operation, key: isMoved ? `${move.resource}|${move.machine}` : `${operation.resource}|${operation.machine}`, setupStart, notBefore: setupStart };
    });
    // Sequences by the (dropped) setup start; then forward passes until nothing moves.
    const byMachine = new Map<string, Timed[]>();
    for (const entry of timed) pushTo(byMachine, entry.key, entry);
    for (const list of byMachine.values()) list.sort((a, b) => a.setupStart - b.setupStart || a.index - b.index);
    const byLot = new Map<string, Timed[]>();
    for (const entry of timed) pushTo(byLot, entry.operation.order, entry);
    for (const list of byLot.values()) list.sort((a, b) => a.operation.step - b.operation.step);
    const previousStep = new Map<number, Timed>();
    for (const list of byLot.values()) list.forEach((entry, position) => position > 0 && previousStep.set(entry.index, list[position - 1]!));
    const result = new Map<number, { setupStart: number; start: number; end: number; setupMinutes: number }>();
    // Each machine's calendar once per move, not once per pass.
    const machines = [...byMachine].map(([key, list]) => {
      const [resourceId, machineId] = key.split('|') as [string, string];
      const resourceOf = this.factory.resources.find((candidate) => candidate.id === resourceId)!;
      return { resourceId, machineId, list, calendar: this.calendars.machineCalendar(resourceOf, machineId) };
    });
    for (let pass = 0; pass < 50; pass++) {
      let changed = false;
      for (const { resourceId, machineId, list, calendar } of machines) {
        let free = -Infinity;
        list.forEach((entry, position) => {
          const previous = list[position - 1]?.operation;
          const earlier = previousStep.get(entry.index);
          const { minutes } = this.changeovers.required(resourceId, previous, entry.operation);
          const runMinutes = entry.operation.qty * (this.changeovers.runMinutes(entry.operation.item, entry.operation.step, machineId) ?? 0);
          const work = Math.ceil(minutes + runMinutes - 1e-9);
          // The run may start only when the lot's previous step has ended; the setup may come before it.
          const previousEnd = earlier ? (result.get(earlier.index)?.end ?? parseInstant(earlier.operation.end)) : -Infinity;
          let setupStart = calendar.nextWorkingInstant(Math.max(entry.notBefore, free)) ?? Math.max(entry.notBefore, free);
          let start = calendar.addWorkingMinutes(setupStart, minutes) ?? setupStart + minutes;
          if (start < previousEnd) {
            setupStart = Math.max(setupStart, Math.round(previousEnd) - minutes);
            setupStart = calendar.nextWorkingInstant(setupStart) ?? setupStart;
            start = calendar.addWorkingMinutes(setupStart, minutes) ?? setupStart + minutes;
            while (start < previousEnd) {
              setupStart = calendar.nextWorkingInstant(setupStart + 1) ?? setupStart + 1;
              start = calendar.addWorkingMinutes(setupStart, minutes) ?? setupStart + minutes;
            }
          }
          const end = calendar.addWorkingMinutes(setupStart, work) ?? setupStart + work;
          const before = result.get(entry.index);
          if (!before || before.setupStart !== setupStart || before.end !== end) changed = true;
          result.set(entry.index, { setupStart, start, end, setupMinutes: minutes });
          free = end;
        });
      }
      if (!changed) break;
    }
    const operations = timed.map((entry) => {
      const times = result.get(entry.index)!;
      return { ...entry.operation, setupStart: formatInstant(times.setupStart), start: formatInstant(times.start), end: formatInstant(times.end), setupMinutes: times.setupMinutes };
    });
    const schedule: Schedule = { ...this.schedule, operations, kpis: this.kpis(operations, result), violations: [] };
    const violations = checkSchedule(this.factory, this.plan, schedule, this.scope);
    schedule.violations = violations;
    return { schedule, broken: violations.filter((violation) => !this.before.has(violation.message)) };
  }

  /** Makespan and setups from the new times; tardiness against each lot's week end (firm-order due dates are not in the schedule document). */
  private kpis(operations: Schedule['operations'], times: Map<number, { setupStart: number; end: number }>): Schedule['kpis'] {
    const all = [...times.values()];
    const weekStart = this.calendars.horizon.startDay * 1440;
    const lotEnd = new Map<string, number>();
    for (const [index, time] of times) {
      const order = operations[index]!.order;
      lotEnd.set(order, Math.max(lotEnd.get(order) ?? -Infinity, time.end));
    }
    let tardiness = 0;
    let late = 0;
    for (const [order, end] of lotEnd) {
      const week = Number(/-W(\d+)$/.exec(order)?.[1] ?? 0);
      const over = end - (weekStart + (week + 1) * 7 * 1440);
      if (over > 0) {
        tardiness += over;
        late++;
      }
    }
    return {
      makespanMinutes: Math.max(...all.map((time) => time.end)) - Math.min(...all.map((time) => time.setupStart)),
      totalSetupMinutes: operations.reduce((sum, operation) => sum + operation.setupMinutes, 0),
      totalTardinessMinutes: tardiness,
      lateOrders: late,
    };
  }
}
