import { describe, expect, it } from 'vitest';
import { generateDemoFactory, type DemoKind } from '../../src/demo/generator';
import { PlanningContext, type PurchaseOption } from '../../src/engine/masterPlan/context';
import { repairPlan, type PlanQuantities } from '../../src/engine/masterPlan/extract';
import { planCost } from '../../src/engine/masterPlan/objective';
import { polishPurchases } from '../../src/engine/masterPlan/purchasePolish';
import { levelledPlan } from '../../src/engine/masterPlan/solve';
import { tinyFactory } from '../helpers/tinyFactory';

/** FG makes 400 a week in weeks 1-5 from RM, which is bought at least 1,000 at a time, in steps of 500, and kept at a safety stock of 300. */
function materialBoughtInLots() {
  const factory = tinyFactory();
  const rm = factory.items.find((item) => item.id === 'RM')!;
  rm.onHand = 0;
  rm.safetyStock = 300;
  Object.assign(factory.suppliers[0]!.items[0]!, { minOrderQty: 1000, orderMultiple: 500 });
  // Demand beyond what is made, so that every unit made is delivered.
  factory.forecast = [1, 2, 3, 4, 5].map((week) => ({ item: 'FG', week, qty: 1000 }));
  const context = new PlanningContext(factory);
  const production = new Map([['FG', Float64Array.from([0, 400, 400, 400, 400, 400])]]);
  const optionAt = (week: number) => context.purchaseOptions.find((option) => option.item === 'RM' && option.week === week)!;
  return { context, production, optionAt };
}

/** The least cost of RM's orders for the 2,000 that weeks 1-5 use, every order pattern tried. */
function cheapestByEnumeration(context: PlanningContext, production: Map<string, Float64Array>, optionAt: (week: number) => PurchaseOption) {
  const sizes = [0, 1000, 1500, 2000, 2500];
  let least = Infinity;
  let best: number[] = [];
  const orders = [0, 0, 0, 0, 0, 0];
  const visit = (week: number) => {
    if (week === 6) {
      const plan = repairPlan(context, { production, purchases: orders.flatMap((qty, at) => (qty > 0 ? [{ option: optionAt(at), qty }] : [])) });
      // Only plans that make everything asked: repair cuts production where material is short.
      if (plan.production.get('FG')!.reduce((sum, qty) => sum + qty, 0) < 2000) return;
      const cost = planCost(context, plan);
      // Repair tops up what is short, so the orders are the repaired plan's.
      if (cost < least - 1e-9) [least, best] = [cost, ordersByWeek(plan, 6)];
      return;
    }
    for (const qty of week === 0 ? [0] : sizes) {
      orders[week] = qty;
      visit(week + 1);
    }
    orders[week] = 0;
  };
  visit(0);
  return { least, best };
}

function ordersByWeek(quantities: PlanQuantities, weeks: number): number[] {
  const byWeek = new Array<number>(weeks).fill(0);
  for (const purchase of quantities.purchases) byWeek[purchase.option.week]! += purchase.qty;
  return byWeek;
}

describe('orders placed again for what the plan consumes', () => {
  it('reaches the cheapest order plan of a material bought in minimum lots, running its safety stock down at the horizon’s end rather than buying a last lot', () => {
    const { context, production, optionAt } = materialBoughtInLots();
    // An order a week where stock would fall below safety stock, rounded up: what MRP and the solver's rounding leave.
    const mrp = repairPlan(context, { production, purchases: [1, 3, 5].map((week) => ({ option: optionAt(week), qty: 1000 })) });
    expect(ordersByWeek(mrp, 6)).toEqual([0, 1000, 0, 1000, 0, 1000]);
    const polished = polishPurchases(context, mrp);
    const { least, best } = cheapestByEnumeration(context, production, optionAt);
    expect(planCost(context, polished.quantities)).toBeCloseTo(least, 6);
    expect(ordersByWeek(polished.quantities, 6)).toEqual(best);
    // 2,000 bought, not 3,000: the last 1,000 would have stayed in stock.
    expect(ordersByWeek(polished.quantities, 6).reduce((sum, qty) => sum + qty, 0)).toBe(2000);
    expect(polished.saved).toBeCloseTo(planCost(context, mrp) - least, 6);
    expect(polished.materials).toBe(1);
    // Production and the finished good are untouched; RM's stock is the plan's, recomputed.
    expect(polished.quantities.production).toBe(mrp.production);
    const again = repairPlan(context, { production, purchases: polished.quantities.purchases });
    expect(Array.from(polished.quantities.inventory.get('RM')!)).toEqual(Array.from(again.inventory.get('RM')!));
  });

  it('moves an order to a cheaper supplier’s week where the stock between allows it', () => {
    const { context: base } = materialBoughtInLots();
    const factory = base.factory;
    factory.items.find((item) => item.id === 'RM')!.safetyStock = 0;
    // A second supplier, cheaper, delivering from week 2 on (lead time 14 days).
    factory.suppliers.push({ id: 'SUP2', name: 'Cheaper supplier', calendar: 'SUP', leadTimeDays: 14, items: [{ item: 'RM', price: 0.8, minOrderQty: 1000, orderMultiple: 500 }] });
    const context = new PlanningContext(factory);
    const production = new Map([['FG', Float64Array.from([0, 400, 400, 400, 400, 400])]]);
    const at = (supplier: string, week: number) => context.purchaseOptions.find((option) => option.item === 'RM' && option.supplier.id === supplier && option.week === week)!;
    const plan = repairPlan(context, { production, purchases: [{ option: at('SUP1', 1), qty: 1000 }, { option: at('SUP1', 3), qty: 1000 }] });
    const polished = polishPurchases(context, plan);
    // Week 1's 400 can only come from SUP1 (SUP2 cannot deliver before week 2): its minimum, 1,000.
    // The second 1,000 goes to SUP2, which is 200 cheaper.
    const bySupplier = (supplier: string) => polished.quantities.purchases.filter((purchase) => purchase.option.supplier.id === supplier).reduce((sum, purchase) => sum + purchase.qty, 0);
    expect(bySupplier('SUP1')).toBe(1000);
    expect(bySupplier('SUP2')).toBe(1000);
    expect(Math.min(...polished.quantities.inventory.get('RM')!)).toBeGreaterThanOrEqual(0);
    expect(planCost(context, polished.quantities)).toBeLessThan(planCost(context, plan) - 199);
  });

  it('on demo plans of every kind keeps every order within its supplier’s rules, stock never below zero, the frozen weeks’ orders and all production as they were, and lowers the plan’s cost by what it says', () => {
    for (const kind of ['food', 'paint', 'mixed'] as DemoKind[]) {
      for (const seed of [1, 2]) {
        const factory = generateDemoFactory({ kind, size: 'S', seed, tight: seed === 1 ? 1.0 : 1.2 });
        const context = new PlanningContext(factory);
        const plan = levelledPlan(context, true);
        const polished = polishPurchases(context, plan);
        const label = `${kind} S seed ${seed}`;
        expect(polished.quantities.production, label).toBe(plan.production);
        expect(planCost(context, plan) - planCost(context, polished.quantities), label).toBeCloseTo(polished.saved, 3);
        expect(polished.saved, label).toBeGreaterThanOrEqual(0);
        for (const purchase of polished.quantities.purchases) {
          const { option, qty } = purchase;
          expect(qty, label).toBeGreaterThanOrEqual(option.minOrderQty - 1e-9);
          expect(Math.abs(qty / option.orderStep - Math.round(qty / option.orderStep)), label).toBeLessThan(1e-6);
          expect(qty, label).toBeLessThanOrEqual((option.capacityPerWeek ?? Infinity) + 1e-9);
        }
        const frozen = (quantities: PlanQuantities) => quantities.purchases.filter((purchase) => purchase.option.week < context.frozenWeeks).map((purchase) => `${purchase.option.supplier.id}:${purchase.option.item}@${purchase.option.week}=${purchase.qty}`).sort();
        expect(frozen(polished.quantities), label).toEqual(frozen(plan));
        // The stock is what the plan's own repair makes of these orders: nothing short, nothing cut.
        const again = repairPlan(context, { production: plan.production, purchases: polished.quantities.purchases });
        for (const item of factory.items.filter((candidate) => candidate.type === 'purchased')) {
          const stock = polished.quantities.inventory.get(item.id)!;
          expect(Math.min(...stock), `${label} ${item.id}`).toBeGreaterThanOrEqual(-1e-6);
          const repaired = again.inventory.get(item.id)!;
          for (let week = 0; week < context.weeks; week++) expect(stock[week], `${label} ${item.id} week ${week}`).toBeCloseTo(repaired[week]!, 4);
        }
        for (const [item, row] of again.production) expect(Array.from(row), `${label} ${item}`).toEqual(Array.from(plan.production.get(item)!));
      }
    }
  });
});
