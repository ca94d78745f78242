/**
 * What one more unit of an item costs in materials, down the BOM (scrap included): for MRP's
 * estimates (mrp.ts), its cheapest supplier's price, else its components' cost made, else its unit
 * cost; for a bound (itemBound.ts), the least it can cost: the cheaper of bought and made, and 0
 * for what can be neither.
 */
import type { PlanningContext } from './context';

export function unitMaterialCosts(context: PlanningContext, kind: 'estimate' | 'floor'): (id: string) => number {
  const cheapest = new Map<string, number>();
  for (const option of context.purchaseOptions) cheapest.set(option.item, Math.min(cheapest.get(option.item) ?? Infinity, option.price));
  const known = new Map<string, number>();
  const costOf = (id: string): number => {
    let cost = known.get(id);
    if (cost !== undefined) return cost;
    const lines = context.components.get(id) ?? [];
    const made = () => lines.reduce((sum, line) => sum + line.qtyPer * (1 + (line.scrapPct ?? 0) / 100) * costOf(line.component), 0);
    if (kind === 'estimate') cost = cheapest.get(id) ?? (lines.length > 0 ? made() : context.items.get(id)!.unitCost);
    else {
      cost = Math.min(cheapest.get(id) ?? Infinity, context.routings.has(id) || lines.length > 0 ? made() : Infinity);
      if (!Number.isFinite(cost)) cost = 0;
    }
    known.set(id, cost);
    return cost;
  };
  return costOf;
}
