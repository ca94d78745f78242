/**
 * Capacity of work centers in planning weeks, from their machines' calendars: a machine's
 * capacity in a week is its calendar's working minutes × the work center's efficiency, and a
 * work center's is the sum over its machines.
 */
import { firstDayOfWeek, horizonOf, type PlanningHorizon } from './buckets';
import { CompiledCalendar, type CalendarWindow } from './calendar';
import type { Factory, Resource } from './types';

/** Days after the horizon kept in calendar windows: supplier lead times and late work reach past it. */
const WINDOW_TAIL_DAYS = 120;

export function factoryWindow(horizon: PlanningHorizon): CalendarWindow {
  return { firstDay: horizon.startDay - 7, endDay: horizon.startDay + horizon.weeks * 7 + WINDOW_TAIL_DAYS };
}

export class FactoryCalendars {
  readonly horizon: PlanningHorizon;
  private readonly compiled = new Map<string, CompiledCalendar>();

  constructor(private readonly factory: Factory) {
    this.horizon = horizonOf(factory.start, factory.horizonWeeks);
    const window = factoryWindow(this.horizon);
    for (const calendar of factory.calendars) this.compiled.set(calendar.id, new CompiledCalendar(calendar, window));
  }

  calendar(id: string): CompiledCalendar {
    const calendar = this.compiled.get(id);
    if (!calendar) throw new Error(`calendar "${id}" does not exist`);
    return calendar;
  }

  machineCalendar(resource: Resource, machineId: string): CompiledCalendar {
    const machine = resource.machines.find((candidate) => candidate.id === machineId);
    return this.calendar(machine?.calendar ?? resource.calendar);
  }

  /** Available minutes of a work center in a planning week (efficiency applied). */
  resourceMinutes(resource: Resource, week: number): number {
    const firstDay = firstDayOfWeek(this.horizon, week);
    let minutes = 0;
    for (const machine of resource.machines) minutes += this.calendar(machine.calendar ?? resource.calendar).workingMinutesOfWeek(firstDay);
    return minutes * resource.efficiency;
  }
}
