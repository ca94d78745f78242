/**
 * The figures a planner compares plans by (scenarios side by side, versions), from the plan
 * document and its factory alone: service (on time, by quantity and by value), lost, backlog
 * left at the horizon's end, cost, overtime, average stock value, changes against the previous
 * plan; and the production differences per item-week between two plans.
 */
import type { Factory, Plan } from '../domain/types';
import { planStock } from './planStock';

export interface PlanKpis {
  demand: number;
  /** Delivered in the week of its demand (deliveries serve older backlog first). */
  onTime: number;
  service: number;
  serviceByValue: number;
  lost: number;
  backlogAtEnd: number;
  cost: number;
  overtimeHours: number;
  /** Average over the weeks of the stock held, valued at unit cost. */
  inventoryValue: number;
  changes: number;
}

/** Each constrained-demand line with what shipped in its own week for it (deliveries serve older backlog first). */
export function onTimeLines(plan: Plan): (Plan['constrainedDemand'][number] & { onTime: number })[] {
  const byItem = new Map<string, Plan['constrainedDemand']>();
  for (const line of plan.constrainedDemand) {
    const list = byItem.get(line.item);
    if (list) list.push(line);
    else byItem.set(line.item, [line]);
  }
  const lines: (Plan['constrainedDemand'][number] & { onTime: number })[] = [];
  for (const itemLines of byItem.values()) {
    let owedBefore = 0;
    for (const line of [...itemLines].sort((a, b) => a.week - b.week)) {
      lines.push({ ...line, onTime: Math.min(line.demand, Math.max(0, line.delivered - owedBefore)) });
      owedBefore = line.backlog;
    }
  }
  return lines;
}

export function planKpis(factory: Factory, plan: Plan): PlanKpis {
  const price = new Map(factory.items.map((item) => [item.id, item.price ?? item.unitCost]));
  const horizonEnd = Math.max(-1, ...plan.constrainedDemand.map((line) => line.week));
  let demand = 0, onTime = 0, value = 0, onTimeValue = 0, lost = 0, backlogAtEnd = 0;
  for (const line of onTimeLines(plan)) {
    demand += line.demand;
    onTime += line.onTime;
    value += line.demand * price.get(line.item)!;
    onTimeValue += line.onTime * price.get(line.item)!;
    lost += line.lost;
    if (line.week === horizonEnd) backlogAtEnd += line.backlog;
  }
  const { stock } = planStock(factory, plan);
  let held = 0;
  for (const item of factory.items) held += (stock.get(item.id) ?? []).reduce((sum, level) => sum + Math.max(0, level), 0) * item.unitCost;
  return {
    demand,
    onTime,
    service: demand > 0 ? onTime / demand : 1,
    serviceByValue: value > 0 ? onTimeValue / value : 1,
    lost,
    backlogAtEnd,
    cost: plan.objective,
    overtimeHours: plan.capacity.reduce((sum, entry) => sum + entry.overtimeMinutes, 0) / 60,
    inventoryValue: factory.horizonWeeks > 0 ? held / factory.horizonWeeks : 0,
    changes: plan.changes.length,
  };
}

export interface ProductionDifference {
  item: string;
  week: number;
  a: number;
  b: number;
}

/** Item-weeks where two plans make different quantities (by at least a thousandth), largest first. */
export function productionDifferences(a: Plan, b: Plan): ProductionDifference[] {
  const cells = new Map<string, ProductionDifference>();
  const cell = (item: string, week: number) => {
    const key = `${item}|${week}`;
    let entry = cells.get(key);
    if (!entry) cells.set(key, (entry = { item, week, a: 0, b: 0 }));
    return entry;
  };
  for (const line of a.production) cell(line.item, line.week).a += line.qty;
  for (const line of b.production) cell(line.item, line.week).b += line.qty;
  return [...cells.values()].filter((entry) => Math.abs(entry.a - entry.b) >= 1e-3).sort((x, y) => Math.abs(y.b - y.a) - Math.abs(x.b - x.a) || x.item.localeCompare(y.item) || x.week - y.week);
}
