/**
 * Demand a plant can never deliver is given up in the week it falls short (extract.ts,
 * loseWhatIsNeverDelivered), not carried as backlog until the lateness limit drops it.
 */
import { describe, expect, it } from 'vitest';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { repairPlan } from '../../src/engine/masterPlan/extract';
import { mrpDecisions } from '../../src/engine/masterPlan/mrp';
import { planCostParts } from '../../src/engine/masterPlan/objective';
import { tinyFactory, weeklyDemand } from '../helpers/tinyFactory';

describe('demand never delivered', () => {
  // 3,000 a week ordered, 2,400 a week made: 600 short every week.
  const shortPlant = (made: number[]) => {
    const factory = tinyFactory();
    factory.horizonWeeks = 8;
    weeklyDemand(factory, Array.from({ length: 8 }, () => 3000));
    factory.items.find((item) => item.id === 'RM')!.onHand = 100_000;
    // A tenth of a minute a unit: the work center never cuts the quantities given.
    factory.routings[0]!.steps[0]!.runMinutesPerUnit = 0.1;
    factory.previousPlan = { production: [{ item: 'FG', week: 0, qty: made[0]! }], purchases: [] };
    const context = new PlanningContext(factory);
    return { context, plan: repairPlan(context, mrpDecisions(context, new Map([['FG', Float64Array.from(made)]]))) };
  };

  it('is lost in the week it falls short, and the horizon’s last week owes only its own shortfall', () => {
    const { context, plan } = shortPlant(Array.from({ length: 8 }, () => 2400));
    expect([...plan.delivered.get('FG')!]).toEqual(Array.from({ length: 8 }, () => 2400));
    expect([...plan.lost.get('FG')!]).toEqual([600, 600, 600, 600, 600, 600, 600, 0]);
    expect([...plan.backlog.get('FG')!]).toEqual([0, 0, 0, 0, 0, 0, 0, 600]);
    // Lost sales: all 4,800 units short at 10 (the last week's owed units priced as lost); late,
    // only those 600 in the last week (0.5 a unit-week), where carried they were late for weeks.
    const parts = planCostParts(context, plan);
    expect(parts.lateness).toBeCloseTo(300, 6);
    expect(parts.lostSales).toBeCloseTo(4800 * 10, 6);
  });

  it('stays owed where a later week delivers it', () => {
    // Week 2 makes nothing, week 3 makes 6,000: 3,000 of it catch up with week 2.
    const { plan } = shortPlant([3000, 3000, 0, 6000, 3000, 3000, 3000, 3000]);
    expect([...plan.backlog.get('FG')!]).toEqual([0, 0, 3000, 0, 0, 0, 0, 0]);
    expect([...plan.lost.get('FG')!].every((qty) => qty === 0)).toBe(true);
  });
});
