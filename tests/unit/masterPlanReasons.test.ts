import { beforeAll, describe, expect, it } from 'vitest';
import type { Factory, Plan, ShortfallReason } from '../../src/domain/types';
import { validateFactory } from '../../src/domain/validate';
import { describeShortfalls } from '../../src/engine/masterPlan/describe';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan } from '../../src/engine/planCheck';
import { createHighsSolver, type HighsSolver } from '../../src/solver/highs';
import { START, WEEK_MINUTES, tinyFactory, weeklyDemand } from '../helpers/tinyFactory';

let solver: HighsSolver;
beforeAll(async () => {
  solver = await createHighsSolver();
});

async function plan(factory: Factory): Promise<Plan> {
  expect(validateFactory(factory).errors).toEqual([]);
  const { plan } = await planMaster(factory, solver, { timeLimitSeconds: 10 });
  expect(checkPlan(factory, plan)).toEqual([]);
  return plan;
}

const shortfalls = (result: Plan) => result.constrainedDemand.filter((entry) => entry.reasons.length > 0);
const allReasons = (result: Plan): ShortfallReason[] => shortfalls(result).flatMap((entry) => entry.reasons);

describe('constrained demand and its reasons, on factories whose bottleneck is known', () => {
  it('serves everything when nothing binds', async () => {
    const factory = tinyFactory();
    weeklyDemand(factory, [0, 1000, 1000, 1000, 1000, 1000]);
    const result = await plan(factory);
    expect(shortfalls(result)).toEqual([]);
    expect(result.constrainedDemand.reduce((sum, entry) => sum + entry.delivered, 0)).toBe(5000);
  });

  it('names the saturated work center', async () => {
    const factory = tinyFactory();
    // 3,000 a week on a work center that makes 2,400: 600 a week cannot be made.
    weeklyDemand(factory, [0, 3000, 3000, 3000, 3000, 3000]);
    const result = await plan(factory);
    expect(shortfalls(result).length).toBeGreaterThan(0);
    for (const entry of shortfalls(result)) expect(entry.reasons).toContainEqual(expect.objectContaining({ kind: 'capacity', resource: 'WC' }));
    const load = result.capacity.filter((entry) => entry.resource === 'WC' && entry.week >= 1);
    for (const entry of load) expect(entry.loadMinutes).toBeCloseTo(WEEK_MINUTES, 6);
    expect(describeShortfalls(factory, result)[0]).toMatch(/^FG, week \d+: .*Work center full in week/);
  });

  it('names the missing material when no supplier can bring more', async () => {
    const factory = tinyFactory();
    factory.items[1]!.onHand = 1500;
    factory.suppliers = [];
    weeklyDemand(factory, [0, 1000, 1000, 1000, 0, 0]);
    const result = await plan(factory);
    const reasons = allReasons(result);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons).toContainEqual(expect.objectContaining({ kind: 'material', item: 'RM' }));
    expect(reasons.some((reason) => reason.kind === 'capacity')).toBe(false);
  });

  it('does not blame a material bought just in time while the work center is full', async () => {
    // No stock: every unit of RM is bought in the week it is used, so it always ends the week at
    // zero; but the supplier could have brought more, and the work center is the bottleneck.
    const factory = tinyFactory();
    factory.items[1]!.onHand = 0;
    weeklyDemand(factory, [0, 3000, 3000, 3000, 3000, 3000]);
    const result = await plan(factory);
    expect(result.purchases.length).toBeGreaterThan(0);
    expect(shortfalls(result).length).toBeGreaterThan(0);
    expect(allReasons(result).filter((reason) => reason.kind === 'material')).toEqual([]);
    for (const entry of shortfalls(result)) expect(entry.reasons).toContainEqual(expect.objectContaining({ kind: 'capacity', resource: 'WC' }));
  });

  it('names the supplier closed for a holiday week', async () => {
    const factory = tinyFactory();
    factory.items[1]!.onHand = 0;
    // The supplier can bring exactly one week's need, every week, and is closed in week 3.
    factory.suppliers[0]!.items[0]!.capacityPerWeek = 1000;
    factory.calendars[1]!.exceptions = [{ from: '2026-12-21', to: '2026-12-27', shifts: [] }];
    factory.previousPlan = { production: [{ item: 'FG', week: 0, qty: 1000 }], purchases: [] };
    weeklyDemand(factory, [1000, 1000, 1000, 1000, 1000, 1000]);
    const result = await plan(factory);
    expect(result.purchases.some((purchase) => purchase.arrivalDate >= '2026-12-21' && purchase.arrivalDate <= '2026-12-27')).toBe(false);
    // A week's demand goes unserved around the closure, whichever week the solver gives up.
    const short = shortfalls(result);
    expect(short.map((entry) => entry.week).every((week) => week === 2 || week === 3)).toBe(true);
    expect(short.reduce((sum, entry) => sum + entry.lost + entry.backlog, 0)).toBeGreaterThanOrEqual(1000);
    // The closure explains week 3's shortfall; a week-2 shortfall names the supplier at its capacity
    // that week, never the closure after it.
    for (const entry of short) {
      if (entry.week === 3) expect(entry.reasons).toContainEqual({ kind: 'supplier', supplier: 'SUP1', item: 'RM', week: 3 });
      else expect(entry.reasons).toContainEqual({ kind: 'supplier', supplier: 'SUP1', item: 'RM', week: 2 });
      for (const reason of entry.reasons) if ('week' in reason) expect(reason.week).toBeLessThanOrEqual(entry.week);
    }
  });

  it('names the frozen zone when the previous plan made nothing for week 0', async () => {
    const factory = tinyFactory();
    weeklyDemand(factory, [500, 0, 0, 0, 0, 0]);
    const result = await plan(factory);
    expect(result.production.filter((line) => line.week === 0)).toEqual([]);
    const week0 = result.constrainedDemand.find((entry) => entry.week === 0)!;
    expect(week0.delivered).toBe(0);
    expect(week0.reasons).toContainEqual({ kind: 'frozen', week: 0 });
    // Made in week 1 and delivered a week late.
    expect(result.constrainedDemand.find((entry) => entry.week === 1)!.delivered).toBe(500);
  });

  it('names the lead time when the item cannot be ready in time', async () => {
    const factory = tinyFactory();
    factory.items[0]!.leadTimeWeeks = 2;
    factory.policy.maxLatenessWeeks = 0;
    weeklyDemand(factory, [0, 400, 0, 400, 0, 0]);
    const result = await plan(factory);
    const week1 = result.constrainedDemand.find((entry) => entry.week === 1)!;
    expect(week1.lost).toBe(400);
    expect(week1.reasons).toContainEqual({ kind: 'lead-time', item: 'FG' });
    expect(result.constrainedDemand.find((entry) => entry.week === 3)!.delivered).toBe(400);
  });

  it('keeps frozen production at the previous plan and reports slushy changes', async () => {
    const factory = tinyFactory();
    factory.previousPlan = { production: [{ item: 'FG', week: 0, qty: 700 }, { item: 'FG', week: 1, qty: 300 }, { item: 'FG', week: 2, qty: 900 }], purchases: [] };
    weeklyDemand(factory, [700, 800, 800, 800, 800, 800]);
    const result = await plan(factory);
    expect(result.production.find((line) => line.week === 0)?.qty).toBe(700);
    const planned = (week: number) => result.production.find((line) => line.week === week)?.qty ?? 0;
    const expected = [1, 2].filter((week) => planned(week) !== [300, 900][week - 1]).map((week) => ({ item: 'FG', week, previousQty: [300, 900][week - 1], qty: planned(week), zone: 'slushy' }));
    expect(expected.length).toBeGreaterThan(0);
    expect(result.changes).toEqual(expected);
  });

  it('honours lot minimums, multiples and order rules', async () => {
    const factory = tinyFactory();
    factory.items[0]!.lotMin = 600;
    factory.items[0]!.lotMultiple = 250;
    factory.items[1]!.onHand = 0;
    factory.suppliers[0]!.items[0] = { item: 'RM', price: 1, minOrderQty: 1200, orderMultiple: 400 };
    weeklyDemand(factory, [0, 300, 300, 300, 300, 300]);
    const result = await plan(factory);
    for (const line of result.production) {
      expect(line.qty).toBeGreaterThanOrEqual(600);
      expect(line.qty % 250).toBe(0);
    }
    for (const purchase of result.purchases) {
      expect(purchase.qty).toBeGreaterThanOrEqual(1200);
      expect(purchase.qty % 400).toBe(0);
      expect(purchase.orderDate >= START).toBe(true);
    }
  });
});

describe('no perverse trade-offs', () => {
  it('serves demand from safety stock rather than lose the sale, however dear holding is', async () => {
    const factory = tinyFactory();
    const fg = factory.items.find((item) => item.id === 'FG')!;
    fg.onHand = 100;
    fg.safetyStock = 100;
    fg.holdingCostPerWeek = 3;
    // Nothing more can be made: no material and no supplier.
    factory.items.find((item) => item.id === 'RM')!.onHand = 0;
    factory.suppliers = [];
    weeklyDemand(factory, [0, 100, 0, 0, 0, 0]);
    const result = await plan(factory);
    expect(result.constrainedDemand.find((line) => line.week === 1)).toMatchObject({ demand: 100, delivered: 100, lost: 0, backlog: 0 });
  });
});
