import { describe, expect, it } from 'vitest';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { ECHELON_CUT, strengthenedBound } from '../../src/engine/masterPlan/bound';
import { lagrangianBound } from '../../src/engine/masterPlan/lagrangian';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { solvePlanModel } from '../../src/engine/masterPlan/solve';
import { createHighsSolver } from '../../src/solver/highs';
import { joinedFactory } from '../helpers/joinedFactory';
import { variedSFactories } from '../helpers/variedFactories';

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

  // At the duals of the LP with the lot-sizing cuts (bound.ts): each end item's block keeps its own
  // cuts, a component's echelon rows are priced, so the bound is at least the cut bound.
  it.each([1, 2, 3, 4])('at the duals of the LP with cuts, lies between the cut bound and the exact optimum (joined factory, seed %i)', async (seed) => {
    const solver = await createHighsSolver();
    const factory = joinedFactory(seed);
    for (const routing of factory.routings) routing.steps[0]!.setupMinutes *= 4;
    const optimum = await solver.solve(buildMasterPlanModel(new PlanningContext(factory)).model, { mipRelGap: 0, timeLimitSeconds: 60 });
    const planModel = buildMasterPlanModel(new PlanningContext(factory));
    const plainBlocks = (await lagrangianBound(planModel, solver, (await solver.solve(planModel.model, { relax: true })).rowDuals!))!.blocks;
    const cut = await strengthenedBound(planModel, solver, { rounds: 20 });
    expect(cut.rowDuals).toHaveLength(planModel.model.numRows);
    const result = await lagrangianBound(planModel, solver, cut.rowDuals!);
    const scale = Math.max(1, Math.abs(optimum.objective));
    expect(result!.bound).toBeGreaterThanOrEqual(cut.bound! - 1e-6 * scale);
    expect(result!.bound).toBeLessThanOrEqual(optimum.objective + 1e-6 * scale);
    // The echelon rows join a component to its parents: priced, they leave the blocks apart.
    expect(result!.blocks).toBe(plainBlocks);
  }, 120_000);

  it('at the duals of the LP with cuts, prices the components\' echelon rows and stays below the plan (generated factories)', async () => {
    const solver = await createHighsSolver();
    for (const [, make] of variedSFactories.slice(0, 2)) {
      const planModel = buildMasterPlanModel(new PlanningContext(make()));
      const cut = await strengthenedBound(planModel, solver, { rounds: 10 });
      expect(planModel.model.rowNames.some((name) => name.startsWith(`${ECHELON_CUT}:`))).toBe(true);
      const result = await lagrangianBound(planModel, solver, cut.rowDuals!, { blockTimeLimitSeconds: 0.2 });
      expect(result!.bound).toBeGreaterThanOrEqual(cut.bound! * (1 - 1e-7));
      const plan = await solvePlanModel(buildMasterPlanModel(new PlanningContext(make())), solver, { timeLimitSeconds: 3, mipRelGap: 0.01, strategy: 'lp-rounding' });
      expect(result!.bound).toBeLessThanOrEqual(plan.objective * (1 + 1e-7));
    }
  }, 180_000);
});
