import { describe, expect, it } from 'vitest';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { fillToCapacity, repairPlan, roundedDecisions } from '../../src/engine/masterPlan/extract';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { slushyChanges } from '../../src/engine/masterPlan/index';
import { lotsPlaced, mergedSetups } from '../../src/engine/masterPlan/solve';
import { addGood, tinyFactory, weeklyDemand } from '../helpers/tinyFactory';

/** Demand for every finished good in the last week beyond anything made: the lots below are all used, so none is trimmed as waste. */
function usedAtTheEnd(factory: ReturnType<typeof tinyFactory>): void {
  factory.forecast = factory.items.filter((item) => item.type === 'finished').map((item) => ({ item: item.id, week: factory.horizonWeeks - 1, qty: 100_000 }));
}

describe('plan repair', () => {
  it('cuts a lot to the next multiple when a component is short by a millionth', () => {
    // Frozen quantities are kept to the millionth, so a component can end a millionth short;
    // lot rounding forgives that much, and a cut that small must still shrink the lot.
    const factory = tinyFactory();
    // No supplier: what is on hand is all there is (one that can deliver is bought from, below).
    factory.suppliers = [];
    factory.items.find((item) => item.id === 'FG')!.lotMultiple = 25;
    factory.items.find((item) => item.id === 'RM')!.onHand = 325 - 1e-6;
    usedAtTheEnd(factory);
    const context = new PlanningContext(factory);
    const production = new Map([['FG', Float64Array.from([0, 0, 325, 0, 0, 0])]]);
    const repaired = repairPlan(context, { production, purchases: [] });
    expect(Array.from(repaired.production.get('FG')!)).toEqual([0, 0, 300, 0, 0, 0]);
    expect(Math.min(...repaired.inventory.get('RM')!)).toBeGreaterThanOrEqual(0);
  });
});

describe('plan repair of a short component', () => {
  it('buys more of a material where its supplier can deliver by the week it is short, rather than cut the lots that use it', () => {
    // RM: 325 − a millionth on hand, FG makes 325 in week 2: the supplier (no lead time) tops it up.
    const factory = tinyFactory();
    factory.items.find((item) => item.id === 'RM')!.onHand = 325 - 1e-6;
    usedAtTheEnd(factory);
    const context = new PlanningContext(factory);
    const production = new Map([['FG', Float64Array.from([0, 0, 325, 0, 0, 0])]]);
    const repaired = repairPlan(context, { production, purchases: [] });
    expect(repaired.production.get('FG')![2]).toBe(325);
    expect(repaired.purchases.map((purchase) => [purchase.option.week, purchase.qty])).toEqual([[2, 0.001]]);
    expect(Math.min(...repaired.inventory.get('RM')!)).toBeGreaterThanOrEqual(0);
  });

  /** FG made from SUB, a part counted in pieces with 5 % scrap (1.05 a unit), made on WC2 (2,400 minutes a week). */
  function withPart(partMinutes: number) {
    const factory = tinyFactory();
    factory.items.push({ id: 'SUB', name: 'Part', type: 'intermediate', uom: 'pc', unitCost: 2, holdingCostPerWeek: 0.02, onHand: 0 });
    factory.boms = [
      { parent: 'FG', component: 'SUB', qtyPer: 1, scrapPct: 5 },
      { parent: 'SUB', component: 'RM', qtyPer: 1 },
    ];
    factory.resources.push({ id: 'WC2', name: 'Part cell', calendar: 'DAY', efficiency: 1, machines: [{ id: 'P1' }] });
    factory.routings.push({ item: 'SUB', steps: [{ step: 10, resource: 'WC2', runMinutesPerUnit: partMinutes, setupMinutes: 0 }] });
    usedAtTheEnd(factory);
    const context = new PlanningContext(factory);
    // 100 FG need 105 parts; 104 were made (rounded down to whole pieces from 104.9).
    const production = new Map([
      ['FG', Float64Array.from([0, 0, 100, 0, 0, 0])],
      ['SUB', Float64Array.from([0, 104, 0, 0, 0, 0])],
    ]);
    return repairPlan(context, { production, purchases: [] });
  }

  it('raises the part’s lot by a piece where its work center has room, rather than lose a finished unit', () => {
    const repaired = withPart(1);
    expect(repaired.production.get('SUB')![1]).toBe(105);
    expect(repaired.production.get('FG')![2]).toBe(100);
  });

  it('cuts the finished lot where the part’s work center is full', () => {
    // 104 parts at 23 minutes: 2,392 of 2,400 minutes; one more does not fit.
    const repaired = withPart(23);
    expect(repaired.production.get('SUB')![1]).toBe(104);
    expect(repaired.production.get('FG')![2]).toBe(99);
    expect(Math.min(...repaired.inventory.get('SUB')!)).toBeGreaterThanOrEqual(0);
  });
});

describe('plan repair over capacity', () => {
  it('cuts the one lot that covers the excess with the least to spare, not every lot in proportion', () => {
    // WC has 2,400 minutes a week; FG and FG2 in lots of 500 at a minute a unit ask 2,500 in week 2.
    const factory = tinyFactory();
    addGood(factory, 'FG2');
    factory.routings.push({ item: 'FG2', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] });
    for (const item of factory.items) if (item.type === 'finished') item.lotMultiple = 500;
    usedAtTheEnd(factory);
    const context = new PlanningContext(factory);
    const production = new Map([
      ['FG', Float64Array.from([0, 0, 1500, 0, 0, 0])],
      ['FG2', Float64Array.from([0, 0, 1000, 0, 0, 0])],
    ]);
    const repaired = repairPlan(context, { production, purchases: [] });
    // One lot a step smaller: 2,000 made. Both cut by 4 % and rounded down to 500 would make 1,500.
    expect(repaired.production.get('FG')![2]! + repaired.production.get('FG2')![2]!).toBe(2000);
  });
});

describe('plan repair shares a shortfall', () => {
  it('between the week’s consumers of the short component, in proportion to what they take', () => {
    const factory = tinyFactory();
    const fg = factory.items.find((item) => item.id === 'FG')!;
    factory.items.push({ ...fg, id: 'FG2', name: 'Second finished good' });
    factory.boms.push({ parent: 'FG2', component: 'RM', qtyPer: 1 });
    factory.routings.push({ item: 'FG2', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] });
    factory.suppliers = [];
    factory.items.find((item) => item.id === 'RM')!.onHand = 150;
    usedAtTheEnd(factory);
    const context = new PlanningContext(factory);
    const production = new Map([
      ['FG', Float64Array.from([0, 0, 100, 0, 0, 0])],
      ['FG2', Float64Array.from([0, 0, 200, 0, 0, 0])],
    ]);
    const repaired = repairPlan(context, { production, purchases: [] });
    // 300 wanted, 150 on hand: each makes half, not 150 less each.
    expect(repaired.production.get('FG')![2]).toBeCloseTo(50, 4);
    expect(repaired.production.get('FG2')![2]).toBeCloseTo(100, 4);
    expect(Math.min(...repaired.inventory.get('RM')!)).toBeGreaterThanOrEqual(0);
  });
});

describe('plan repair buys nothing that no week consumes', () => {
  function repairWithPurchase(qty: number, tweak: (factory: ReturnType<typeof tinyFactory>) => void = () => undefined) {
    const factory = tinyFactory();
    factory.items.find((item) => item.id === 'RM')!.onHand = 0;
    tweak(factory);
    usedAtTheEnd(factory);
    const context = new PlanningContext(factory);
    const option = context.purchaseOptions.find((candidate) => candidate.item === 'RM' && candidate.week === 0)!;
    const production = new Map([['FG', Float64Array.from([0, 0, 200, 0, 0, 0])]]);
    return repairPlan(context, { production, purchases: [{ option, qty }] });
  }

  it('trims a purchase to what the plan consumes, within the supplier minimum and multiple, over safety stock', () => {
    const plain = repairWithPurchase(500);
    expect(plain.purchases.map((purchase) => purchase.qty)).toEqual([200]);
    expect(Math.min(...plain.inventory.get('RM')!)).toBeGreaterThanOrEqual(0);
    expect(repairWithPurchase(600, (factory) => (factory.suppliers[0]!.items[0]!.orderMultiple = 150)).purchases.map((purchase) => purchase.qty)).toEqual([300]);
    expect(repairWithPurchase(600, (factory) => (factory.suppliers[0]!.items[0]!.minOrderQty = 400)).purchases.map((purchase) => purchase.qty)).toEqual([400]);
    expect(repairWithPurchase(500, (factory) => (factory.items.find((item) => item.id === 'RM')!.safetyStock = 50)).purchases.map((purchase) => purchase.qty)).toEqual([250]);
    // Enough on hand already: the purchase goes.
    expect(repairWithPurchase(500, (factory) => (factory.items.find((item) => item.id === 'RM')!.onHand = 1000)).purchases).toEqual([]);
  });
});

describe('slushy changes are real', () => {
  it('lists a change where the quantity differs, not the noise of rounding', () => {
    const factory = tinyFactory();
    factory.previousPlan = { production: [1, 2, 3].map((week) => ({ item: 'FG', week, qty: 528 })), purchases: [] };
    const context = new PlanningContext(factory);
    const production = new Map([['FG', Float64Array.from([0, 527.999998, 527, 528.0004, 0, 0])]]);
    expect(slushyChanges(context, production).map(({ week, previousQty, qty }) => ({ week, previousQty, qty }))).toEqual([{ week: 2, previousQty: 528, qty: 527 }]);
  });
});

describe('lots filled up to capacity', () => {
  it('rounds LP lots down, then back up where the work center has room, the largest fraction first, never in the frozen week', () => {
    const factory = tinyFactory();
    const fg = factory.items.find((item) => item.id === 'FG')!;
    fg.lotMultiple = 100;
    factory.items.push({ ...fg, id: 'FG2', name: 'Second finished good' });
    factory.boms.push({ parent: 'FG2', component: 'RM', qtyPer: 1 });
    factory.routings.push({ item: 'FG2', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] });
    factory.forecast = [0, 1, 2, 3, 4, 5].flatMap((week) => [{ item: 'FG', week, qty: 1500 }, { item: 'FG2', week, qty: 1500 }]);
    const planModel = buildMasterPlanModel(new PlanningContext(factory));
    const values = new Float64Array(planModel.model.numCols);
    const set = (item: string, week: number, qty: number) => (values[planModel.production.get(item)![week]!] = qty);
    // Week 1: 2,400 minutes a week. Rounded down: 1,100 + 1,200 = 2,300 minutes; FG2 (0.8 of a
    // lot) goes up to 1,300 and fills the week; FG (0.5) no longer fits.
    set('FG', 1, 1150);
    set('FG2', 1, 1280);
    // Week 2: both fit once rounded up.
    set('FG', 2, 1150);
    set('FG2', 2, 1180);
    const decisions = roundedDecisions(planModel, values);
    expect([decisions.production.get('FG')![1], decisions.production.get('FG2')![1]]).toEqual([1100, 1200]);
    expect(fillToCapacity(planModel, decisions, values)).toBe(3);
    expect([decisions.production.get('FG')![1], decisions.production.get('FG2')![1]]).toEqual([1100, 1300]);
    expect([decisions.production.get('FG')![2], decisions.production.get('FG2')![2]]).toEqual([1200, 1200]);
    expect(decisions.production.get('FG')![0]).toBe(0);
  });
});

describe('an LP’s lots placed', () => {
  it('buy what the rounded lots need to the supplier’s minimum, not each of the LP’s purchases rounded up', () => {
    // RM is bought at least 2,000 at a time; the LP buys 1,000 a week for 1,000 of FG a week.
    const factory = tinyFactory();
    weeklyDemand(factory, [0, 1000, 1000, 1000, 1000, 1000]);
    factory.items.find((item) => item.id === 'RM')!.onHand = 0;
    factory.suppliers[0]!.items[0]!.minOrderQty = 2000;
    const planModel = buildMasterPlanModel(new PlanningContext(factory));
    const values = new Float64Array(planModel.model.numCols);
    for (let week = 1; week <= 5; week++) values[planModel.production.get('FG')![week]!] = 1000;
    for (const { option, qty } of planModel.purchases) if (option.week >= 1) values[qty] = 1000;
    const { decisions } = lotsPlaced(planModel, values);
    expect([...decisions.production.get('FG')!]).toEqual([0, 1000, 1000, 1000, 1000, 1000]);
    // Each LP purchase rounded up to 2,000 would buy 10,000 for 5,000 used.
    const bought = decisions.purchases.reduce((sum, purchase) => sum + purchase.qty, 0);
    expect(bought).toBe(6000);
    expect(decisions.purchases.every((purchase) => purchase.qty >= 2000)).toBe(true);
  });
});

describe('lots merged into the week before', () => {
  it('closes the later of two consecutive lots where it is the smaller, one pair at a time, never before `fromWeek`', () => {
    const factory = tinyFactory();
    factory.routings[0]!.steps[0]!.setupMinutes = 60;
    weeklyDemand(factory, [0, 100, 100, 100, 100, 100]);
    const planModel = buildMasterPlanModel(new PlanningContext(factory));
    const values = new Float64Array(planModel.model.numCols);
    const made = planModel.production.get('FG')!;
    const setups = planModel.setup.get('FG')!;
    [0, 100, 50, 80, 90, 0].forEach((qty, week) => {
      values[made[week]!] = qty;
      if (qty > 0) values[setups[week]!] = 1;
    });
    const open = (fixes: [number, number, number][]) => [1, 2, 3, 4, 5].map((week) => fixes.find(([col]) => col === setups[week])![1]);
    // Weeks 1-2: week 2 is the smaller, closed; the next pair is weeks 3-4, where week 4 is larger.
    const merged = mergedSetups(planModel, values, 1);
    expect(merged.closed).toBe(1);
    expect(open(merged.fixes)).toEqual([1, 0, 1, 1, 0]);
    // From week 2 on, weeks 2-3 and 3-4 each have the later lot larger: nothing closed.
    expect(mergedSetups(planModel, values, 2).closed).toBe(0);
  });
});

describe('plan repair makes nothing that no week uses', () => {
  it('cuts the last lots whose output stays in stock to the horizon’s end, to the lot rules, parents before their components', () => {
    // FG, 60 wanted a week, made in lots of at least 100 (steps of 50) every week from INT (one a
    // unit, its 200 of the frozen week then 100 a week). Week 5's FG lot is never needed; cut, it
    // leaves INT's last three lots unused in turn. Week 4's FG lot cannot shrink to 60: lots are 100 at least.
    const factory = tinyFactory();
    const fg = factory.items.find((item) => item.id === 'FG')!;
    fg.lotMin = 100;
    fg.lotMultiple = 50;
    factory.items.push({ id: 'INT', name: 'Bulk', type: 'intermediate', uom: 'pc', unitCost: 1, holdingCostPerWeek: 0.01, onHand: 0 });
    factory.boms = [
      { parent: 'FG', component: 'INT', qtyPer: 1 },
      { parent: 'INT', component: 'RM', qtyPer: 1 },
    ];
    factory.routings.push({ item: 'INT', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] });
    weeklyDemand(factory, [60, 60, 60, 60, 60, 60]);
    factory.previousPlan = { production: [{ item: 'INT', week: 0, qty: 200 }], purchases: [] };
    const context = new PlanningContext(factory);
    const production = new Map([
      ['FG', Float64Array.from([0, 100, 100, 100, 100, 100])],
      ['INT', Float64Array.from([200, 100, 100, 100, 100, 100])],
    ]);
    const repaired = repairPlan(context, { production, purchases: [] });
    expect(Array.from(repaired.production.get('FG')!)).toEqual([0, 100, 100, 100, 100, 0]);
    expect(Array.from(repaired.production.get('INT')!)).toEqual([200, 100, 100, 0, 0, 0]);
    // No week delivers less than with every lot kept.
    expect(Array.from(repaired.delivered.get('FG')!)).toEqual([0, 100, 80, 60, 60, 60]);
    expect(Math.min(...repaired.inventory.get('INT')!)).toBeGreaterThanOrEqual(0);
    expect(repaired.inventory.get('FG')![5]).toBe(40);
  });
});
