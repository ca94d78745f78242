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
  return new RoughCutModel(factory).compute(factory.sop.plans, factory.sop.mix);
}

/**
 * What stays fixed while a planner edits the S&OP grid (calendars, routings, BOMs), prepared
 * once, so that each edit recomputes only loads: the heatmap follows typing.
 */
export class RoughCutModel {
  private readonly routings: Map<string, Factory['routings'][number]>;
  private readonly components = new Map<string, Factory['boms']>();
  private readonly perUnit = new Map<string, Map<string, number>>();
  private readonly setups = new Map<string, Map<string, number>>();
  private readonly available = new Map<string, { available: number; overtime: number }>();

  constructor(private readonly factory: Factory) {
    this.routings = new Map(factory.routings.map((routing) => [routing.item, routing]));
    for (const line of factory.boms) this.components.set(line.parent, [...(this.components.get(line.parent) ?? []), line]);
  }

  /** Run minutes per resource for one unit of an item, with everything below it. */
  private unitLoad(item: string): Map<string, number> {
    const known = this.perUnit.get(item);
    if (known) return known;
    const load = new Map<string, number>();
    for (const step of this.routings.get(item)?.steps ?? []) load.set(step.resource, (load.get(step.resource) ?? 0) + step.runMinutesPerUnit);
    for (const line of this.components.get(item) ?? []) {
      for (const [resource, minutes] of this.unitLoad(line.component)) load.set(resource, (load.get(resource) ?? 0) + minutes * line.qtyPer * (1 + (line.scrapPct ?? 0) / 100));
    }
    this.perUnit.set(item, load);
    return load;
  }

  /** Setup minutes per resource when an item and its produced components are made once. */
  private setupLoad(item: string): Map<string, number> {
    const known = this.setups.get(item);
    if (known) return known;
    const load = new Map<string, number>();
    const seen = new Set<string>();
    const walk = (id: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      for (const step of this.routings.get(id)?.steps ?? []) load.set(step.resource, (load.get(step.resource) ?? 0) + step.setupMinutes);
      for (const line of this.components.get(id) ?? []) walk(line.component);
    };
    walk(item);
    this.setups.set(item, load);
    return load;
  }

  /** A work center's minutes in a month (calendars × efficiency) and its overtime limit; compiled once per month. */
  private capacityOf(resource: Factory['resources'][number], monthKey: string): { available: number; overtime: number } {
    const key = `${resource.id}|${monthKey}`;
    const known = this.available.get(key);
    if (known) return known;
    const { first, end } = monthDays(tryParseMonth(monthKey)!);
    const window = { firstDay: first, endDay: end };
    let available = 0;
    for (const machine of resource.machines) {
      const calendar = this.factory.calendars.find((candidate) => candidate.id === (machine.calendar ?? resource.calendar));
      if (calendar) available += new CompiledCalendar(calendar, window).workingMinutesBetween(first * MINUTES_PER_DAY, end * MINUTES_PER_DAY);
    }
    const entry = { available: available * resource.efficiency, overtime: (resource.overtime?.maxHoursPerWeek ?? 0) * 60 * ((end - first) / 7) };
    this.available.set(key, entry);
    return entry;
  }

  compute(plans: Factory['sop']['plans'], mixEntries: Factory['sop']['mix']): RoughCut {
    // Whole S&OP months, not just the planning horizon: a month's plan meets a month's capacity.
    const monthKeys = [...new Set(plans.map((plan) => plan.month))].filter((key) => tryParseMonth(key)).sort();
    const mix = new Map<string, { item: string; share: number }[]>();
    for (const entry of mixEntries) mix.set(entry.family, [...(mix.get(entry.family) ?? []), entry]);
    const loads = new Map<string, RoughCutLoad>();
    for (const plan of plans) {
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
        for (const [resource, minutes] of this.unitLoad(item)) add(resource, qty * minutes);
        for (const [resource, minutes] of this.setupLoad(item)) add(resource, minutes * weeksInMonth);
      }
    }

    const byResourceMonth = new Map<string, RoughCutLoad[]>();
    for (const load of loads.values()) byResourceMonth.set(`${load.resource}|${load.month}`, [...(byResourceMonth.get(`${load.resource}|${load.month}`) ?? []), load]);
    const capacity: RoughCutCapacity[] = [];
    for (const resource of this.factory.resources) {
      for (const monthKey of monthKeys) {
        const { available, overtime } = this.capacityOf(resource, monthKey);
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
}
