/**
 * Each item's stock at the end of every week and what the week consumed, from the factory and
 * the plan document alone (the arithmetic of the spec's inventory rule), for checks that must
 * not trust the engine that made the plan.
 */
import { horizonOf, weekOfDate } from '../domain/buckets';
import type { Factory, Plan } from '../domain/types';

export function planStock(factory: Factory, plan: Plan): { stock: Map<string, number[]>; consumed: Map<string, number[]> } {
  const horizon = horizonOf(factory.start, factory.horizonWeeks);
  const weeks = factory.horizonWeeks;
  const grid = () => new Map(factory.items.map((item) => [item.id, new Array<number>(weeks).fill(0)]));
  const made = grid();
  const inflow = grid();
  const outflow = grid();
  const consumed = grid();
  for (const line of plan.production) if (line.week < weeks) made.get(line.item)![line.week]! += line.qty;
  for (const purchase of plan.purchases) {
    const week = weekOfDate(horizon, purchase.arrivalDate);
    if (week >= 0 && week < weeks) inflow.get(purchase.item)![week]! += purchase.qty;
  }
  for (const order of factory.openProductionOrders) if (order.week < weeks) inflow.get(order.item)![order.week]! += order.qty;
  for (const order of factory.openPurchaseOrders) {
    const week = Math.max(0, weekOfDate(horizon, order.arrivalDate));
    if (week < weeks) inflow.get(order.item)![week]! += order.qty;
  }
  for (const line of plan.constrainedDemand) outflow.get(line.item)![line.week]! += line.delivered;
  for (const line of factory.boms) for (let week = 0; week < weeks; week++) consumed.get(line.component)![week]! += made.get(line.parent)![week]! * line.qtyPer * (1 + (line.scrapPct ?? 0) / 100);
  const stock = new Map<string, number[]>();
  for (const item of factory.items) {
    const lead = item.leadTimeWeeks ?? 0;
    let level = item.onHand;
    stock.set(
      item.id,
      Array.from({ length: weeks }, (_, week) => {
        level += (week - lead >= 0 ? made.get(item.id)![week - lead]! : 0) + inflow.get(item.id)![week]! - outflow.get(item.id)![week]! - consumed.get(item.id)![week]!;
        return level;
      }),
    );
  }
  return { stock, consumed };
}
