/**
 * A plan's cost by what it pays for (objective.ts): the parts the gap bench sets beside each
 * other to show what the closed loop's plan pays for.
 */
import { describe, expect, it } from 'vitest';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { planCost, planCostParts } from '../../src/engine/masterPlan/objective';
import { levelledPlan } from '../../src/engine/masterPlan/solve';
import { tinyFactory, weeklyDemand } from '../helpers/tinyFactory';

describe('a plan’s cost by part', () => {
  it('adds up to the plan’s cost, each part where it belongs', () => {
    // 12 weeks of 3,000 demanded on a 2,400-minute work center (a minute a unit): 600 a week cannot
    // be made; setups of 60 minutes at 60 an hour; FG sells at 10, a week late costs 0.5.
    const factory = tinyFactory();
    factory.horizonWeeks = 12;
    weeklyDemand(factory, Array.from({ length: 12 }, () => 3000));
    factory.routings[0]!.steps[0]!.setupMinutes = 60;
    factory.resources[0]!.overtime = { maxHoursPerWeek: 0, costPerHour: 60 };
    const context = new PlanningContext(factory);
    const plan = levelledPlan(context);
    const parts = planCostParts(context, plan);
    expect(parts.total).toBe(planCost(context, plan));
    const { total, ...each } = parts;
    expect(Object.values(each).reduce((sum, cost) => sum + cost, 0)).toBeCloseTo(total, 6);
    // Each lot one setup of 60 minutes at 1 a minute.
    const lots = [...plan.production.get('FG')!].filter((qty) => qty > 0).length;
    expect(lots).toBeGreaterThan(0);
    expect(parts.setups).toBe(60 * lots);
    // What is bought, at its price (RM at 1).
    expect(parts.purchases).toBeCloseTo(plan.purchases.reduce((sum, purchase) => sum + purchase.qty * purchase.option.price, 0), 9);
    // Units owed a week cost 0.5 each; lost, or still owed at the end, their price of 10.
    const backlog = [...plan.backlog.get('FG')!];
    const lost = [...plan.lost.get('FG')!];
    expect(parts.lateness).toBeCloseTo(0.5 * backlog.reduce((sum, qty) => sum + qty, 0), 6);
    expect(parts.lostSales).toBeCloseTo(10 * (lost.reduce((sum, qty) => sum + qty, 0) + backlog.at(-1)!), 6);
    expect(parts.lostSales).toBeGreaterThan(0);
    // No overtime allowed, no previous plan to change from, no safety stock.
    expect(parts.overtime).toBe(0);
    expect(parts.safetyShortfall).toBe(0);
  });
});
