import { describe, expect, it } from 'vitest';
import type { Factory } from '../../src/domain/types';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { lagrangianBound } from '../../src/engine/masterPlan/lagrangian';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { solvePlanModel } from '../../src/engine/masterPlan/solve';
import { createHighsSolver } from '../../src/solver/highs';
import { addGood, tinyFactory } from '../helpers/tinyFactory';
import { variedSFactories } from '../helpers/variedFactories';

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed * 2654435761;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * Small enough for the exact MIP, and joined every way the bound separates: three goods on one
 * work center with setups and lot rules, a component they share (made on a second work center,
 * with its own setup), and a material bought with a minimum order and a multiple.
 */
function joinedFactory(seed: number): Factory {
  const next = random(seed);
  const factory = tinyFactory();
  factory.horizonWeeks = 6;
  addGood(factory, 'FG2');
  addGood(factory, 'FG3');
  factory.items.push({ id: 'SUB', name: 'Sub-assembly', type: 'intermediate', uom: 'pc', unitCost: 2, holdingCostPerWeek: 0.02, onHand: Math.round(next() * 200) });
  factory.resources.push({ id: 'WC2', name: 'Sub-assembly line', calendar: 'DAY', efficiency: 1, machines: [{ id: 'S1' }] });
  factory.routings = ['FG', 'FG2', 'FG3'].map((item) => ({ item, steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 5 + Math.round(next() * 6), setupMinutes: 60 + Math.round(next() * 240) }] }));
  factory.routings.push({ item: 'SUB', steps: [{ step: 10, resource: 'WC2', runMinutesPerUnit: 6 + Math.round(next() * 6), setupMinutes: 120 }] });
  for (const good of ['FG', 'FG2']) factory.boms.push({ parent: good, component: 'SUB', qtyPer: 1 });
  for (const item of factory.items) {
    if (item.type !== 'finished') continue;
    item.holdingCostPerWeek = 0.05 + next() * 0.4;
    if (next() < 0.5) item.lotMultiple = 10 * (1 + Math.round(next() * 4));
    if (next() < 0.5) item.lotMin = 50;
  }
  factory.items.find((item) => item.id === 'RM')!.onHand = Math.round(next() * 400);
  factory.suppliers[0]!.items[0] = { item: 'RM', price: 1, minOrderQty: 300, orderMultiple: 100 };
  factory.forecast = ['FG', 'FG2', 'FG3'].flatMap((item) => Array.from({ length: 6 }, (_, week) => ({ item, week, qty: Math.round(next() < 0.2 ? 0 : 40 + next() * 160) })));
  return factory;
}

describe('the Lagrangian bound', () => {
  it.each([1, 2, 3, 4, 5, 6])('lies between the LP bound and the exact optimum (joined factory, seed %i)', async (seed) => {
    const solver = await createHighsSolver();
    const planModel = buildMasterPlanModel(new PlanningContext(joinedFactory(seed)));
    const relaxation = await solver.solve(planModel.model, { relax: true });
    const optimum = await solver.solve(planModel.model, { mipRelGap: 0, timeLimitSeconds: 60 });
    expect(relaxation.status).toBe('optimal');
    expect(optimum.status).toBe('optimal');
    const result = await lagrangianBound(planModel, solver, relaxation.rowDuals!);
    expect(result).toBeDefined();
    const scale = Math.max(1, Math.abs(optimum.objective));
    expect(result!.bound).toBeGreaterThanOrEqual(relaxation.objective - 1e-6 * scale);
    expect(result!.bound).toBeLessThanOrEqual(optimum.objective + 1e-6 * scale);
    // It separates: the goods, the component and the material are blocks of their own.
    expect(result!.blocks).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('closes part of the gap where setups are dear', async () => {
    const solver = await createHighsSolver();
    let raised = 0;
    for (const seed of [1, 2, 3]) {
      const factory = joinedFactory(seed);
      for (const routing of factory.routings) routing.steps[0]!.setupMinutes *= 4;
      const planModel = buildMasterPlanModel(new PlanningContext(factory));
      const relaxation = await solver.solve(planModel.model, { relax: true });
      const optimum = await solver.solve(planModel.model, { mipRelGap: 0, timeLimitSeconds: 60 });
      const result = await lagrangianBound(planModel, solver, relaxation.rowDuals!);
      expect(result!.bound).toBeLessThanOrEqual(optimum.objective + 1e-6 * Math.abs(optimum.objective));
      raised += (result!.bound - relaxation.objective) / Math.max(1e-9, optimum.objective - relaxation.objective);
    }
    // On average more than a quarter of the LP's gap to the optimum.
    expect(raised / 3).toBeGreaterThan(0.25);
  }, 120_000);

  // Valid for every plan: never above a plan the solver makes, on generated factories of every kind.
  it.each(variedSFactories)('is above the LP bound and below the plan (%s)', async (_name, make) => {
    const solver = await createHighsSolver();
    const planModel = buildMasterPlanModel(new PlanningContext(make()));
    const relaxation = await solver.solve(planModel.model, { relax: true });
    const result = await lagrangianBound(planModel, solver, relaxation.rowDuals!, { blockTimeLimitSeconds: 0.2 });
    expect(result).toBeDefined();
    expect(result!.bound).toBeGreaterThanOrEqual(relaxation.objective * (1 - 1e-7));
    const plan = await solvePlanModel(planModel, solver, { timeLimitSeconds: 3, mipRelGap: 0.01, strategy: 'lp-rounding' });
    expect(result!.bound).toBeLessThanOrEqual(plan.objective * (1 + 1e-7));
  }, 120_000);
});
