/**
 * The first plan follows the LP relaxation's timing of the end items, rounded to lots: what
 * rounding takes off a lot is carried into the next, so nothing is lost to rounding week after week.
 */
import { describe, expect, it } from 'vitest';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { endItemsFromRelaxation, mrpDecisions } from '../../src/engine/masterPlan/mrp';
import { repairPlan } from '../../src/engine/masterPlan/extract';
import { solvePlanModel } from '../../src/engine/masterPlan/solve';
import { generateDemoFactory } from '../../src/demo/generator';
import { createHighsSolver } from '../../src/solver/highs';
import { tinyFactory, weeklyDemand } from '../helpers/tinyFactory';

describe("the end items' lots from the LP relaxation", () => {
  it('stay within half a step of what the LP makes by every week, where each week rounded alone loses the same units every week', () => {
    const factory = tinyFactory();
    factory.horizonWeeks = 12;
    weeklyDemand(factory, Array.from({ length: 12 }, () => 105));
    // The frozen week makes its own demand, so that whatever is lost is the rounding's.
    factory.previousPlan = { production: [{ item: 'FG', week: 0, qty: 105 }], purchases: [] };
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

describe('the polish of the first plan', () => {
  // Its setups kept, the LP places the lots again; rounded as the first plan was made (carry,
  // MRP below), that plan is taken where it is cheaper. Mixed S tight 1.2: 416,355 -> 397,651.
  it('takes the LP\'s end-item lots rounded with a carry, MRP below them, where that is cheaper (mixed S tight 1.2)', async () => {
    const solver = await createHighsSolver();
    const planModel = buildMasterPlanModel(new PlanningContext(generateDemoFactory({ kind: 'mixed', size: 'S', seed: 1, tight: 1.2 })));
    const lines: string[] = [];
    const outcome = await solvePlanModel(planModel, solver, { strategy: 'lp-rounding', timeLimitSeconds: 30, mipRelGap: 1e-4, firstPlanOnly: true, onProgress: (line) => lines.push(line) });
    const figure = (pattern: RegExp) => lines.flatMap((line) => (pattern.exec(line) ? [Number(pattern.exec(line)![1])] : []));
    const [first] = figure(/^first plan by rounding and repair: objective ([\d.]+)/);
    const underLp = figure(/^ {2}MRP under the LP with the setups kept: ([\d.]+)/);
    expect(first).toBeDefined();
    expect(underLp.length).toBeGreaterThan(0);
    expect(underLp[0]!).toBeLessThan(first! * 0.99);
    expect(outcome.objective).toBeLessThanOrEqual(Math.min(...underLp) + 1e-6 * first!);
    expect(outcome.objective).toBeLessThan(first! * 0.99);
  }, 60_000);
});
