import { describe, expect, it } from 'vitest';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { tinyFactory, weeklyDemand } from '../helpers/tinyFactory';

describe('the bounds on what a plan makes and buys', () => {
  it('leave room for a lot rounded up, and for what that lot consumes', () => {
    // 150 wanted in week 2, made in lots of 100: a plan makes 200, and needs 200 of RM for it.
    const factory = tinyFactory();
    factory.policy.maxLatenessWeeks = 0;
    factory.items.find((item) => item.id === 'FG')!.lotMultiple = 100;
    weeklyDemand(factory, [0, 0, 150, 0, 0, 0]);
    const context = new PlanningContext(factory);
    expect(context.remainingRequirement().get('FG')![2]).toBe(150);
    expect(context.remainingRequirement().get('RM')![2]).toBe(200);
    expect(context.grossRequirement().get('RM')).toBe(200);
  });

  it('count the previous plan in the frozen weeks and safety stock in every week', () => {
    const factory = tinyFactory();
    factory.previousPlan = { production: [{ item: 'FG', week: 0, qty: 300 }], purchases: [] };
    factory.items.find((item) => item.id === 'FG')!.safetyStock = 40;
    weeklyDemand(factory, [100, 0, 0, 0, 0, 0]);
    const context = new PlanningContext(factory);
    expect(context.remainingRequirement().get('FG')![5]).toBe(40);
    // The frozen 300 and the 40 of safety stock, made in the last week at the latest.
    expect(context.grossRequirement().get('RM')).toBe(340);
  });
});
