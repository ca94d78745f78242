/**
 * The series the plan's charts draw, from the plan document and its factory alone: a work
 * center's load per week against its capacity and overtime limit, an item's projected stock
 * against its safety stock, and on-time service by family and week.
 */
import type { Factory, Plan } from '../domain/types';
import { onTimeLines } from './planKpis';
import { planStock } from './planStock';

export interface CapacityWeek {
  week: number;
  availableMinutes: number;
  loadMinutes: number;
  overtimeMinutes: number;
  /** Available plus the most overtime the work center may work. */
  limitMinutes: number;
}

export function capacityWeeks(factory: Factory, plan: Plan, resource: string): CapacityWeek[] {
  const overtime = (factory.resources.find((candidate) => candidate.id === resource)?.overtime?.maxHoursPerWeek ?? 0) * 60;
  return plan.capacity
    .filter((entry) => entry.resource === resource)
    .sort((a, b) => a.week - b.week)
    .map((entry) => ({ week: entry.week, availableMinutes: entry.availableMinutes, loadMinutes: entry.loadMinutes, overtimeMinutes: entry.overtimeMinutes, limitMinutes: entry.availableMinutes + overtime }));
}

export function inventoryWeeks(factory: Factory, plan: Plan, item: string): { week: number; stock: number; safetyStock: number }[] {
  const safetyStock = factory.items.find((candidate) => candidate.id === item)?.safetyStock ?? 0;
  return (planStock(factory, plan, item).stock.get(item) ?? []).map((stock, week) => ({ week, stock, safetyStock }));
}

export interface ServiceCell {
  family: string;
  week: number;
  demand: number;
  onTime: number;
  /** On time over demand; 1 where there was no demand. */
  share: number;
}

export function serviceByFamilyWeek(factory: Factory, plan: Plan): ServiceCell[] {
  const familyOf = new Map(factory.items.map((item) => [item.id, item.family ?? '']));
  const cells = new Map<string, ServiceCell>();
  for (const line of onTimeLines(plan)) {
    const family = familyOf.get(line.item) ?? '';
    const key = `${family}|${line.week}`;
    const cell = cells.get(key) ?? { family, week: line.week, demand: 0, onTime: 0, share: 1 };
    cell.demand += line.demand;
    cell.onTime += line.onTime;
    cell.share = cell.demand > 0 ? cell.onTime / cell.demand : 1;
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => a.family.localeCompare(b.family) || a.week - b.week);
}
