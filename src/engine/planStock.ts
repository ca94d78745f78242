/**
 * Each item's stock at the end of every week and what the week consumed, from the factory and
 * the plan document alone (the arithmetic of the spec's inventory rule), for checks that must
 * not trust the engine that made the plan.
 */
import { horizonOf, weekOfDate } from '../domain/buckets';
import type { Factory, Plan } from '../domain/types';

/** `only`: one item's stock alone (a chart's), or a few items' (a schedule's firm orders), without the work of every other item's. */
export function planStock(factory: Factory, plan: Plan, only?: string | ReadonlySet<string>): { stock: Map<string, number[]>; consumed: Map<string, number[]> } {
  const horizon = horizonOf(factory.start, factory.horizonWeeks);
  const weeks = factory.horizonWeeks;
  const items = only === undefined ? factory.items : factory.items.filter((item) => (typeof only === 'string' ? item.id === only : only.has(item.id)));
  const grid = () => new Map(items.map((item) => [item.id, new Array<number>(weeks).fill(0)]));
  const made = new Map(factory.items.map((item) => [item.id, new Array<number>(weeks).fill(0)]));
  const inflow = grid();
  const outflow = grid();
  const consumed = grid();
  for (const line of plan.production) if (line.week < weeks) made.get(line.item)![line.week]! += line.qty;
  for (const purchase of plan.purchases) {
    const row = inflow.get(purchase.item);
    if (!row) continue;
    const week = weekOfDate(horizon, purchase.arrivalDate);
    if (week >= 0 && week < weeks) row[week]! += purchase.qty;
  }
  for (const order of factory.openProductionOrders) if (order.week < weeks && inflow.has(order.item)) inflow.get(order.item)![order.week]! += order.qty;
  for (const order of factory.openPurchaseOrders) {
    const row = inflow.get(order.item);
    if (!row) continue;
    const week = Math.max(0, weekOfDate(horizon, order.arrivalDate));
    if (week < weeks) row[week]! += order.qty;
  }
  for (const line of plan.constrainedDemand) {
    const row = outflow.get(line.item);
    if (row) row[line.week]! += line.delivered;
  }
  for (const line of factory.boms) {
    const row = consumed.get(line.component);
    if (row) for (let week = 0; week < weeks; week++) row[week]! += made.get(line.parent)![week]! * line.qtyPer * (1 + (line.scrapPct ?? 0) / 100);
  }
  const stock = new Map<string, number[]>();
  for (const item of items) {
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
