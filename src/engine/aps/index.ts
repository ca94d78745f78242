/** The APS: the frozen weeks of a Master Plan as a `ponte.schedule/1`, with its self-check. */
import { formatInstant } from '../../domain/dates';
import { SCHEDULE_FORMAT } from '../../domain/schema';
import type { Factory, Plan, Schedule } from '../../domain/types';
import { checkSchedule } from '../scheduleCheck';
import type { ObjectiveWeights } from './decoder';
import { buildApsInstance, type ApsInstance } from './instance';
import { searchSchedule, type ProgressPoint, type SearchOptions } from './search';

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
  weights?: Partial<ObjectiveWeights>;
}

export function scheduleFrozenWeeks(factory: Factory, plan: Plan, options: ScheduleOptions = {}): ScheduleRun {
  const instance = buildApsInstance(factory, plan, options.weeks !== undefined ? { weeks: options.weeks } : {});
  const { weights, weeks: _weeks, ...search } = options;
  const result = searchSchedule(instance, { ...search, ...(weights ? { weights: { tardiness: 1e6, setup: 1e3, makespan: 1, ...weights } } : {}) });
  const operations: Schedule['operations'] = result.schedule.timed
    .slice()
    .sort((a, b) => a.setupStart - b.setupStart || a.machine - b.machine)
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
      makespanMinutes: result.schedule.makespan,
      totalSetupMinutes: result.schedule.totalSetup,
      totalTardinessMinutes: result.schedule.tardiness,
      lateOrders: result.schedule.lateLots,
    },
    violations: [],
  };
  schedule.violations = [
    ...instance.operations.filter((operation) => !result.schedule.timed.some((timed) => timed.operation === operation.index)).map((operation) => ({ rule: 'unplaced', message: `${operation.id} could not be placed on any eligible machine within the calendars` })),
    ...checkSchedule(factory, plan, schedule, options.weeks !== undefined ? { weeks: options.weeks } : {}),
  ];
  return { schedule, instance, kernel: result.kernel, iterations: result.iterations, seconds: result.seconds, progress: result.progress };
}
