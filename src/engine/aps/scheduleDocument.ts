/** A timed schedule written as a `ponte.schedule/1` document, with its self-check. */
import { formatInstant } from '../../domain/dates';
import { SCHEDULE_FORMAT } from '../../domain/schema';
import type { Factory, Plan, Schedule } from '../../domain/types';
import { checkSchedule } from '../scheduleCheck';
import type { ScheduleResult } from './decoder';
import type { ApsInstance, ApsOptions } from './instance';
import { staffingShortfall } from './staffing';

export function scheduleDocument(factory: Factory, plan: Plan, instance: ApsInstance, result: ScheduleResult, scope: Pick<ApsOptions, 'week' | 'weeks'>): Schedule {
  // Ties in time keep the machine's order: an operation of no work ends where the next one starts.
  const position = new Map<number, number>();
  for (const sequence of result.sequences) sequence.forEach((operation, index) => position.set(operation, index));
  const operations: Schedule['operations'] = result.timed
    .slice()
    .sort((a, b) => a.setupStart - b.setupStart || a.machine - b.machine || position.get(a.operation)! - position.get(b.operation)!)
    .map((timed) => {
      const operation = instance.operations[timed.operation]!;
      return {
        id: operation.id,
        order: operation.order,
        item: operation.item,
        step: operation.step,
        qty: operation.qty,
        resource: operation.resource,
        machine: instance.machines[timed.machine]!.id,
        setupStart: formatInstant(timed.setupStart),
        start: formatInstant(timed.start),
        end: formatInstant(timed.end),
        setupMinutes: timed.setupMinutes,
        tools: operation.tools,
        operators: operation.operators,
      };
    });
  const schedule: Schedule = {
    format: SCHEDULE_FORMAT,
    operations,
    kpis: {
      makespanMinutes: result.makespan,
      totalSetupMinutes: result.totalSetup,
      totalTardinessMinutes: result.tardiness,
      lateOrders: result.lateLots,
    },
    violations: [],
  };
  const placed = new Set(result.timed.map((timed) => timed.operation));
  schedule.violations = [
    ...instance.operations
      .filter((operation) => !placed.has(operation.index))
      .map((operation) => ({ rule: 'unplaced', message: `${operation.id} could not be placed: ${staffingShortfall(instance, operation) ?? 'no eligible machine has room for it within the calendars'}` })),
    ...checkSchedule(factory, plan, schedule, scope),
  ];
  return schedule;
}
