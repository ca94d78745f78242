/**
 * The cost of a plan from its quantities alone, with the model's weights: what the levelled
 * strategy reports as its objective, and an independent check on the solver's figure.
 */
import { PlanCosts } from './costs';
import type { PlanningContext } from './context';
import type { PlanQuantities } from './extract';
import { capacityLoad } from './reasons';

export function planCost(context: PlanningContext, quantities: PlanQuantities): number {
  const costs = new PlanCosts(context.factory);
  let total = 0;
  for (const item of context.factory.items) {
    const stock = quantities.inventory.get(item.id)!;
    const safety = item.safetyStock ?? 0;
    for (let week = 0; week < context.weeks; week++) {
      total += Math.max(0, stock[week]!) * costs.holdingPerWeek(item);
      if (safety > 0) total += Math.max(0, safety - stock[week]!) * costs.safetyShortfallPerWeek(item);
    }
  }
  for (const item of context.finished) {
    const backlog = quantities.backlog.get(item.id)!;
    const lost = quantities.lost.get(item.id)!;
    for (let week = 0; week < context.weeks; week++) total += backlog[week]! * costs.latenessPerWeek(item) + lost[week]! * costs.lostSale(item);
    total += backlog[context.weeks - 1]! * costs.lostSale(item);
  }
  for (const item of context.produced) {
    const row = quantities.production.get(item.id)!;
    const setupCost = costs.setupCost(context.routings.get(item.id));
    for (let week = 0; week < context.weeks; week++) {
      if (row[week]! > 0) total += setupCost;
      if (context.isSlushy(week)) total += Math.abs(row[week]! - context.previous(item.id, week)) * costs.changePerUnit();
    }
  }
  for (const purchase of quantities.purchases) total += purchase.qty * purchase.option.price;
  for (const [resource, use] of capacityLoad(context, quantities.production)) {
    const rate = costs.overtimePerMinute(context.resources.get(resource)!);
    for (let week = 0; week < context.weeks; week++) total += Math.max(0, use.load[week]! - use.available[week]!) * rate;
  }
  return total;
}
