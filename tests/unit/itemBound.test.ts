import { describe, expect, it } from 'vitest';
import type { Factory } from '../../src/domain/types';
import { generateDemoFactory } from '../../src/demo/generator';
import { generateMetalFactory } from '../../src/demo/metal';
import { LinearModel } from '../../src/engine/linearModel';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { itemBound, singleItemCost, type SingleItem } from '../../src/engine/masterPlan/itemBound';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { planCost } from '../../src/engine/masterPlan/objective';
import { finalQuantities, levelledPlan, solvePlanModel } from '../../src/engine/masterPlan/solve';
import { createHighsSolver } from '../../src/solver/highs';
import { joinedFactory, random } from '../helpers/joinedFactory';
import { variedSFactories } from '../helpers/variedFactories';

/** The single-item problem as a MIP: each week's demand from the early stock, from a lot (setup binary), or lost. */
function singleItemMip(demand: number[], item: SingleItem): LinearModel {
  const model = new LinearModel();
  const total = demand.reduce((sum, qty) => sum + qty, 0);
  const late = (week: number, arrival: number) => (week >= arrival ? item.holding * (week - arrival) : item.lateness * (arrival - week));
  const served: [number, number][][] = demand.map(() => []);
  const early: [number, number][] = [];
  for (let week = 0; week < demand.length; week++) {
    const col = model.addColumn({ name: `early${week}`, cost: item.unit + item.holding * Math.max(0, week - item.earlyArrival) });
    early.push([col, 1]);
    served[week]!.push([col, 1]);
    served[week]!.push([model.addColumn({ name: `lost${week}`, cost: item.lostSale }), 1]);
  }
  model.addRow('early', -Infinity, item.early, early);
  for (let make = item.firstMake; make <= item.lastMake; make++) {
    const setup = model.addColumn({ name: `setup${make}`, cost: item.setup, kind: 'integer', upper: 1 });
    for (let week = 0; week < demand.length; week++) {
      const flow = model.addColumn({ name: `lot${make}to${week}`, cost: item.unit + late(week, make + item.lead) });
      served[week]!.push([flow, 1]);
      model.addRow(`open${make}to${week}`, -Infinity, 0, [[flow, 1], [setup, -total]]);
    }
  }
  demand.forEach((qty, week) => model.addRow(`demand${week}`, qty, qty, served[week]!));
  return model;
}

/** The Lagrangian bound's small joined factory, with stock of the goods on hand too. */
function withStockOnHand(seed: number): Factory {
  const next = random(seed + 100);
  const factory = joinedFactory(seed);
  for (const item of factory.items) if (item.type === 'finished') item.onHand = Math.round(next() * 150);
  return factory;
}

describe('an end item planned alone', () => {
  it('makes one lot where holding the weeks after costs less than their setups', () => {
    // Setup 100, holding 1 a unit-week: one lot in week 1 for weeks 1-3 (100 + 10 + 20), plus 3 each for the 30 units.
    const item: SingleItem = { early: 0, earlyArrival: 0, unit: 3, setup: 100, holding: 1, lateness: 5, lostSale: 50, firstMake: 0, lastMake: 3, lead: 0 };
    expect(singleItemCost(Float64Array.from([0, 10, 10, 10]), item)).toBeCloseTo(130 + 90, 9);
    // 15 on hand: it serves week 1 (10 × (3 + 1)), a lot in week 2 weeks 2-3 (100 + 20 × 3 + 10 × 1), and 5 stay unused:
    // held two weeks (3 + 2) they would cost more than made (3).
    expect(singleItemCost(Float64Array.from([0, 10, 10, 10]), { ...item, early: 15 })).toBeCloseTo(40 + 170, 9);
    // Nothing can be made in time (the lead time runs past the horizon): the stock serves weeks 1-2, the rest is lost.
    expect(singleItemCost(Float64Array.from([0, 10, 10, 10]), { ...item, early: 15, lead: 4, lastMake: -1 })).toBeCloseTo(10 * 4 + 5 * 5 + 15 * 50, 9);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('is the exact optimum of its problem, as the MIP finds it (random item, seed %i)', async (seed) => {
    const next = random(seed);
    const weeks = 6;
    const demand = Array.from({ length: weeks }, () => (next() < 0.25 ? 0 : Math.round(10 + next() * 90)));
    const lead = Math.floor(next() * 2);
    const item: SingleItem = {
      early: Math.round(next() * 120),
      earlyArrival: lead,
      unit: 1 + next() * 5,
      setup: 20 + next() * 300,
      holding: 0.1 + next() * 2,
      lateness: 0.5 + next() * 4,
      lostSale: 8 + next() * 20,
      firstMake: 1,
      lastMake: weeks - 1 - lead,
      lead,
    };
    const solver = await createHighsSolver();
    const optimum = await solver.solve(singleItemMip(demand, item), { mipRelGap: 0, timeLimitSeconds: 30 });
    expect(optimum.status).toBe('optimal');
    expect(singleItemCost(Float64Array.from(demand), item)).toBeCloseTo(optimum.objective, 6);
  }, 60_000);
});

describe('the end items planned alone: a bound on every plan', () => {
  it.each([1, 2, 3, 4, 5, 6])('is at most the exact optimum of a small factory, priced as plans are (seed %i)', async (seed) => {
    const solver = await createHighsSolver();
    const context = new PlanningContext(withStockOnHand(seed));
    const planModel = buildMasterPlanModel(context);
    const optimum = await solver.solve(planModel.model, { mipRelGap: 0, timeLimitSeconds: 60 });
    expect(optimum.status).toBe('optimal');
    const { bound, items } = itemBound(context);
    expect(items).toBe(3);
    expect(bound).toBeLessThanOrEqual(planCost(context, finalQuantities(planModel, optimum.values)) + 1e-6);
    expect(bound).toBeLessThanOrEqual(optimum.objective + 1e-6);
  }, 120_000);

  // Valid for every plan: never above a plan the solver or the levelled schedule makes, on varied factories of every kind.
  it.each(variedSFactories)('is below the solver plan and the levelled plan (%s)', async (_name, make) => {
    const solver = await createHighsSolver();
    const context = new PlanningContext(make());
    const { bound } = itemBound(context);
    const plan = await solvePlanModel(buildMasterPlanModel(context), solver, { timeLimitSeconds: 3, mipRelGap: 0.01, strategy: 'lp-rounding' });
    expect(bound).toBeLessThanOrEqual(plan.objective * (1 + 1e-7));
    expect(bound).toBeLessThanOrEqual(planCost(context, levelledPlan(context, true)) * (1 + 1e-7));
  }, 120_000);

  it('is below the levelled plan on demo and metal factories S and M at every tightness', () => {
    for (const tight of [0.8, 1.0, 1.2]) {
      const factories = [
        ...(['food', 'paint', 'mixed'] as const).flatMap((kind) => (['S', 'M'] as const).map((size) => generateDemoFactory({ kind, size, seed: 2, tight }))),
        generateMetalFactory({ size: 'S', seed: 1, tight }),
        generateMetalFactory({ size: 'M', seed: 1, tight }),
      ];
      for (const factory of factories) {
        const context = new PlanningContext(factory);
        expect(itemBound(context).bound).toBeLessThanOrEqual(planCost(context, levelledPlan(context, true)) * (1 + 1e-9));
      }
    }
  }, 120_000);
});
