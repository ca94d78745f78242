/**
 * The first plan follows the LP relaxation's timing of the end items, rounded to lots: what
 * rounding takes off a lot is carried into the next, so nothing is lost to rounding week after week.
 */
import { describe, expect, it } from 'vitest';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { endItemsFromRelaxation, mrpDecisions } from '../../src/engine/masterPlan/mrp';
import { repairPlan } from '../../src/engine/masterPlan/extract';
import { tinyFactory, weeklyDemand } from '../helpers/tinyFactory';

describe("the end items' lots from the LP relaxation", () => {
  it('stay within half a step of what the LP makes by every week, where each week rounded alone loses the same units every week', () => {
    const factory = tinyFactory();
    factory.horizonWeeks = 12;
    weeklyDemand(factory, Array.from({ length: 12 }, () => 105));
    const fg = factory.items.find((item) => item.id === 'FG')!;
    fg.lotMin = 100;
    fg.lotMultiple = 50;
    const context = new PlanningContext(factory);
    const planModel = buildMasterPlanModel(context);
    // The LP makes each week's demand in that week, as a relaxation does where holding costs more than a fraction of a setup.
    const values = new Float64Array(planModel.model.numCols);
    const x = planModel.production.get('FG')!;
    for (let week = context.frozenWeeks; week < context.weeks; week++) values[x[week]!] = 105;

    const made = endItemsFromRelaxation(planModel, values).get('FG')!;
    let lp = 0;
    let rounded = 0;
    for (let week = context.frozenWeeks; week < context.weeks; week++) {
      lp += 105;
      rounded += made[week]!;
      expect(made[week] === 0 || (made[week]! >= 100 && made[week]! % 50 === 0)).toBe(true);
      expect(Math.abs(rounded - lp)).toBeLessThanOrEqual(25);
    }
    // Rounded to the nearest lot week by week, 100 a week: 55 units short by the horizon's end.
    const plan = repairPlan(context, mrpDecisions(context, new Map([['FG', made]])));
    const lost = plan.lost.get('FG')!.reduce((sum, qty) => sum + qty, 0);
    expect(lost).toBeLessThan(25);
  });
});
