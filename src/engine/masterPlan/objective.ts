/**
 * The cost of a plan from its quantities alone, with the model's weights: what the levelled
 * strategy reports as its objective, and an independent check on the solver's figure.
 */
import { PlanCosts } from './costs';
import type { PlanningContext } from './context';
import type { PlanQuantities } from './extract';
import { capacityLoad } from './reasons';

/** A plan's cost by what it pays for: the same sums as planCost, apart. */
export interface PlanCostParts {
  holding: number;
  safetyShortfall: number;
  lateness: number;
  lostSales: number;
  setups: number;
  slushyChanges: number;
  purchases: number;
  overtime: number;
  /** Their sum, added up in the order planCost always has (the same figure to the last bit). */
  total: number;
}

export function planCost(context: PlanningContext, quantities: PlanQuantities): number {
  return planCostParts(context, quantities).total;
}

export function planCostParts(context: PlanningContext, quantities: PlanQuantities): PlanCostParts {
  const costs = new PlanCosts(context.factory);
  const parts: PlanCostParts = { holding: 0, safetyShortfall: 0, lateness: 0, lostSales: 0, setups: 0, slushyChanges: 0, purchases: 0, overtime: 0, total: 0 };
  const add = (part: Exclude<keyof PlanCostParts, 'total'>, cost: number) => {
    parts[part] += cost;
    parts.total += cost;
  };
  for (const item of context.factory.items) {
    const stock = quantities.inventory.get(item.id)!;
    const safety = item.safetyStock ?? 0;
    for (let week = 0; week < context.weeks; week++) {
      add('holding', Math.max(0, stock[week]!) * costs.holdingPerWeek(item));
      if (safety > 0) add('safetyShortfall', Math.max(0, safety - stock[week]!) * costs.safetyShortfallPerWeek(item));
    }
  }
  for (const item of context.finished) {
    const backlog = quantities.backlog.get(item.id)!;
    const lost = quantities.lost.get(item.id)!;
    for (let week = 0; week < context.weeks; week++) {
      const late = backlog[week]! * costs.latenessPerWeek(item);
      const lostSales = lost[week]! * costs.lostSale(item);
      parts.lateness += late;
      parts.lostSales += lostSales;
      parts.total += late + lostSales;
    }
    add('lostSales', backlog[context.weeks - 1]! * costs.lostSale(item));
  }
  for (const item of context.produced) {
    const row = quantities.production.get(item.id)!;
    const setupCost = costs.setupCost(context.routings.get(item.id));
    for (let week = 0; week < context.weeks; week++) {
      if (row[week]! > 0) add('setups', setupCost);
      if (context.isSlushy(week)) add('slushyChanges', Math.abs(row[week]! - context.previous(item.id, week)) * costs.changePerUnit());
    }
  }
  for (const purchase of quantities.purchases) add('purchases', purchase.qty * purchase.option.price);
  for (const [resource, use] of capacityLoad(context, quantities.production)) {
    const rate = costs.overtimePerMinute(context.resources.get(resource)!);
    for (let week = 0; week < context.weeks; week++) add('overtime', Math.max(0, use.load[week]! - use.available[week]!) * rate);
  }
  return parts;
}
