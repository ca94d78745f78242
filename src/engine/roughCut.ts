/**
 * Rough-cut capacity at S&OP level: "how much, and when, at a high level?" before any detailed
 * plan. Each family-month of the S&OP plan is spread over its SKUs by the mix, exploded through
 * the BOM (with scrap) to every produced item, and loaded on work centers through routings: run
 * minutes per unit plus one setup per item and week of the month. Capacity of a work center in a
 * month is its machines' calendar minutes in that month × efficiency; overtime is counted apart.
 */
import { CompiledCalendar } from '../domain/calendar';
import { MINUTES_PER_DAY, monthDays, tryParseMonth } from '../domain/dates';
import type { Factory } from '../domain/types';

export interface RoughCutLoad {
  family: string;
  month: string;
  resource: string;
  loadMinutes: number;
}

export interface RoughCutCapacity {
  resource: string;
  month: string;
  availableMinutes: number;
  overtimeMinutes: number;
  loadMinutes: number;
  utilization: number;
  /** Over regular capacity; `beyondOvertime` when overtime cannot close it either. */
  overloaded: boolean;
  beyondOvertime: boolean;
  /** Families loading it, largest first. */
  families: { family: string; loadMinutes: number }[];
}

export interface RoughCut {
  loads: RoughCutLoad[];
  capacity: RoughCutCapacity[];
}

export function roughCutCapacity(factory: Factory): RoughCut {
  // Whole S&OP months, not just the planning horizon: a month's plan meets a month's capacity.
  const monthKeys = [...new Set(factory.sop.plans.map((plan) => plan.month))].filter((key) => tryParseMonth(key)).sort();
  const spans = monthKeys.map((key) => monthDays(tryParseMonth(key)!));
  const window = { firstDay: Math.min(...spans.map((span) => span.first), 0), endDay: Math.max(...spans.map((span) => span.end), 1) };
  const calendars = new Map(factory.calendars.map((calendar) => [calendar.id, new CompiledCalendar(calendar, window)]));
  const routings = new Map(factory.routings.map((routing) => [routing.item, routing]));
  const components = new Map<string, Factory['boms']>();
  for (const line of factory.boms) components.set(line.parent, [...(components.get(line.parent) ?? []), line]);
  const mix = new Map<string, { item: string; share: number }[]>();
  for (const entry of factory.sop.mix) mix.set(entry.family, [...(mix.get(entry.family) ?? []), entry]);

  // Run minutes per resource for one unit of an item, with everything below it.
  const perUnit = new Map<string, Map<string, number>>();
  const unitLoad = (item: string): Map<string, number> => {
    const known = perUnit.get(item);
    if (known) return known;
    const load = new Map<string, number>();
    for (const step of routings.get(item)?.steps ?? []) load.set(step.resource, (load.get(step.resource) ?? 0) + step.runMinutesPerUnit);
    for (const line of components.get(item) ?? []) {
      for (const [resource, minutes] of unitLoad(line.component)) load.set(resource, (load.get(resource) ?? 0) + minutes * line.qtyPer * (1 + (line.scrapPct ?? 0) / 100));
    }
    perUnit.set(item, load);
    return load;
  };
  // Setup minutes per resource when an item and its produced components are made once.
  const setupLoad = (item: string, seen = new Set<string>()): Map<string, number> => {
    const load = new Map<string, number>();
    if (seen.has(item)) return load;
    seen.add(item);
    for (const step of routings.get(item)?.steps ?? []) load.set(step.resource, (load.get(step.resource) ?? 0) + step.setupMinutes);
    for (const line of components.get(item) ?? []) for (const [resource, minutes] of setupLoad(line.component, seen)) load.set(resource, (load.get(resource) ?? 0) + minutes);
    return load;
  };

  const loads = new Map<string, RoughCutLoad>();
  for (const plan of factory.sop.plans) {
    const month = tryParseMonth(plan.month);
    if (!month || plan.qty <= 0) continue;
    const { first, end } = monthDays(month);
    const weeksInMonth = (end - first) / 7;
    for (const { item, share } of mix.get(plan.family) ?? []) {
      const qty = plan.qty * share;
      if (qty <= 0) continue;
      const add = (resource: string, minutes: number) => {
        const key = `${plan.family}|${plan.month}|${resource}`;
        const entry = loads.get(key) ?? { family: plan.family, month: plan.month, resource, loadMinutes: 0 };
        entry.loadMinutes += minutes;
        loads.set(key, entry);
      };
      for (const [resource, minutes] of unitLoad(item)) add(resource, qty * minutes);
      for (const [resource, minutes] of setupLoad(item)) add(resource, minutes * weeksInMonth);
    }
  }

  const byResourceMonth = new Map<string, RoughCutLoad[]>();
  for (const load of loads.values()) byResourceMonth.set(`${load.resource}|${load.month}`, [...(byResourceMonth.get(`${load.resource}|${load.month}`) ?? []), load]);
  const capacity: RoughCutCapacity[] = [];
  for (const resource of factory.resources) {
    for (const monthKey of monthKeys) {
      const { first, end } = monthDays(tryParseMonth(monthKey)!);
      let available = 0;
      for (const machine of resource.machines) available += calendars.get(machine.calendar ?? resource.calendar)!.workingMinutesBetween(first * MINUTES_PER_DAY, end * MINUTES_PER_DAY);
      available *= resource.efficiency;
      const overtime = (resource.overtime?.maxHoursPerWeek ?? 0) * 60 * ((end - first) / 7);
      const families = (byResourceMonth.get(`${resource.id}|${monthKey}`) ?? []).map((load) => ({ family: load.family, loadMinutes: load.loadMinutes })).sort((a, b) => b.loadMinutes - a.loadMinutes);
      const load = families.reduce((sum, entry) => sum + entry.loadMinutes, 0);
      if (load === 0 && available === 0) continue;
      capacity.push({
        resource: resource.id,
        month: monthKey,
        availableMinutes: available,
        overtimeMinutes: overtime,
        loadMinutes: load,
        utilization: available > 0 ? load / available : Infinity,
        overloaded: load > available + 1e-6,
        beyondOvertime: load > available + overtime + 1e-6,
        families,
      });
    }
  }
  return { loads: [...loads.values()], capacity };
}
