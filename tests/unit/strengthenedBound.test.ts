import { describe, expect, it } from 'vitest';
import { addLotSizingCuts, strengthenedBound } from '../../src/engine/masterPlan/bound';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { solvePlanModel } from '../../src/engine/masterPlan/solve';
import type { LinearModel } from '../../src/engine/linearModel';
import type { Factory } from '../../src/domain/types';
import { createHighsSolver } from '../../src/solver/highs';
import { tinyFactory, weeklyDemand, withIntermediate } from '../helpers/tinyFactory';
import { generateDemoFactory } from '../../src/demo/generator';
import { variedSFactories } from '../helpers/variedFactories';

/** The largest excess of a row over its upper side at the values, from row `first` on. */
function worstExcess(model: LinearModel, values: ArrayLike<number>, first: number): number {
  let worst = -Infinity;
  for (let row = first; row < model.numRows; row++) {
    let activity = 0;
    for (let entry = model.rowStarts[row]!; entry < model.rowStarts[row + 1]!; entry++) activity += model.entryValues[entry]! * values[model.entryCols[entry]!]!;
    worst = Math.max(worst, activity - model.rowUpper[row]!);
  }
  return worst;
}

/** The exact optimum, the bound after 10 cut rounds, and the names of the rows the rounds added. */
async function boundAgainstOptimum(factory: Factory) {
  const solver = await createHighsSolver();
  const planModel = buildMasterPlanModel(new PlanningContext(factory));
  const optimum = await solver.solve(planModel.model, { mipRelGap: 0 });
  expect(optimum.status).toBe('optimal');
  const first = planModel.model.numRows;
  const result = await strengthenedBound(planModel, solver, { rounds: 10 });
  return { optimum, result, added: planModel.model.rowNames.slice(first), excessAtOptimum: worstExcess(planModel.model, optimum.values, first) };
}

describe('the lot-sizing bound', () => {
  it('raises the LP bound toward the optimum and never past it (one item, setups dear, demand every week)', async () => {
    // 100 wanted every week; a setup costs 2 h of the work center. The LP opens a fraction of a
    // setup for a fraction of the biggest lot; a real plan pays whole setups or holds stock.
    const factory = tinyFactory();
    factory.routings[0]!.steps[0]!.setupMinutes = 120;
    factory.items.find((item) => item.id === 'FG')!.holdingCostPerWeek = 0.5;
    weeklyDemand(factory, [100, 100, 100, 100, 100, 100]);
    const solver = await createHighsSolver();
    const planModel = buildMasterPlanModel(new PlanningContext(factory));
    const optimum = await solver.solve(planModel.model, { mipRelGap: 0 });
    expect(optimum.status).toBe('optimal');
    const result = await strengthenedBound(planModel, solver, { rounds: 10 });
    expect(result.rounds[0]!.cuts).toBeGreaterThan(0);
    expect(result.bound!).toBeGreaterThan(result.relaxation! + 0.25 * (optimum.objective - result.relaxation!));
    expect(result.bound!).toBeLessThanOrEqual(optimum.objective + 1e-6 * optimum.objective);
    // And every inequality holds at the optimal plan.
    expect(worstExcess(planModel.model, optimum.values, planModel.model.numRows - result.rounds.reduce((sum, round) => sum + round.cuts, 0))).toBeLessThanOrEqual(1e-6);
  });

  it('cuts a shared component’s setups on its echelon too, never past the optimum', async () => {
    // INT, a bulk batch (4 h to set up) that FG takes 2 of and FG2 4, both packed on a second work
    // center; the LP opened a fraction of INT's setup for a fraction of its biggest batch.
    const factory = withIntermediate();
    factory.routings[0]!.steps[0]!.setupMinutes = 240;
    factory.resources.push({ id: 'PACK', name: 'Packing', calendar: 'DAY', efficiency: 1, machines: [{ id: 'P1' }] });
    for (const id of ['FG', 'FG2']) factory.routings.push({ item: id, steps: [{ step: 10, resource: 'PACK', runMinutesPerUnit: 1, setupMinutes: 15 }] });
    factory.items.find((item) => item.id === 'INT')!.holdingCostPerWeek = 0.2;
    factory.forecast = [0, 1, 2, 3, 4, 5].flatMap((week) => [{ item: 'FG', week, qty: 80 }, { item: 'FG2', week, qty: 40 + 10 * (week % 2) }]);
    const { optimum, result, added, excessAtOptimum } = await boundAgainstOptimum(factory);
    expect(added.some((name) => name.startsWith('echelonLotSizing:INT@'))).toBe(true);
    expect(result.bound!).toBeLessThanOrEqual(optimum.objective + 1e-6 * optimum.objective);
    expect(result.bound!).toBeGreaterThan(result.relaxation! + 0.25 * (optimum.objective - result.relaxation!));
    expect(excessAtOptimum).toBeLessThanOrEqual(1e-6);
  });

  it('cuts a component two levels down on its echelon, through the intermediate it is made into', async () => {
    // SUB (2 h to set up, half a unit of it a unit of INT) -> INT -> FG, FG2: SUB's echelon holds
    // its own stock, INT's (at INT's use) and the end items'.
    const factory = withIntermediate();
    factory.items.push({ id: 'SUB', name: 'Sub-part', type: 'intermediate', uom: 'kg', unitCost: 0.5, holdingCostPerWeek: 0.05, onHand: 0 });
    factory.boms = factory.boms.map((line) => (line.parent === 'INT' ? { parent: 'INT', component: 'SUB', qtyPer: 0.5 } : line));
    factory.boms.push({ parent: 'SUB', component: 'RM', qtyPer: 1 });
    factory.resources.push({ id: 'MIX', name: 'Mixer', calendar: 'DAY', efficiency: 1, machines: [{ id: 'X1' }] });
    factory.routings.push({ item: 'SUB', steps: [{ step: 10, resource: 'MIX', runMinutesPerUnit: 0.5, setupMinutes: 120 }] });
    factory.routings[0]!.steps[0]!.setupMinutes = 30;
    factory.forecast = [0, 1, 2, 3, 4, 5].flatMap((week) => [{ item: 'FG', week, qty: 60 + 20 * (week % 3) }, { item: 'FG2', week, qty: 30 }]);
    const { optimum, result, added, excessAtOptimum } = await boundAgainstOptimum(factory);
    expect(added.some((name) => name.startsWith('echelonLotSizing:SUB@'))).toBe(true);
    expect(result.bound!).toBeLessThanOrEqual(optimum.objective + 1e-6 * optimum.objective);
    expect(result.bound!).toBeGreaterThan(result.relaxation!);
    expect(excessAtOptimum).toBeLessThanOrEqual(1e-6);
  });

  it('gives the same bound without a solver that keeps its basis', async () => {
    const factory = tinyFactory();
    factory.routings[0]!.steps[0]!.setupMinutes = 120;
    weeklyDemand(factory, [100, 0, 100, 100, 0, 100]);
    const highs = await createHighsSolver();
    const warm = await strengthenedBound(buildMasterPlanModel(new PlanningContext(factory)), highs, { rounds: 10 });
    const cold = await strengthenedBound(buildMasterPlanModel(new PlanningContext(factory)), { name: 'cold', solve: (model, options) => highs.solve(model, options) }, { rounds: 10 });
    expect(cold.bound!).toBeCloseTo(warm.bound!, 4);
    expect(cold.rounds.length).toBe(warm.rounds.length);
  });

  // Valid for every plan, not only the optimum: each cut separated from the LP holds at a plan the
  // solver made (rounding, repair, fix-and-optimize), on generated factories of every kind.
  it.each(variedSFactories)('holds at the plan the solver makes (%s)', async (_name, make) => {
    const solver = await createHighsSolver();
    const planModel = buildMasterPlanModel(new PlanningContext(make()));
    const plan = await solvePlanModel(planModel, solver, { timeLimitSeconds: 3, mipRelGap: 0.01, strategy: 'lp-rounding' });
    expect(plan.values).toBeDefined();
    const relaxation = await solver.solve(planModel.model, { relax: true });
    const first = planModel.model.numRows;
    const cuts = addLotSizingCuts(planModel, relaxation.values);
    expect(cuts).toBeGreaterThan(0);
    expect(worstExcess(planModel.model, plan.values!, first)).toBeLessThanOrEqual(1e-6 * Math.max(1, ...Array.from(plan.values!, Math.abs)));
    // The LP it came from violates each of them.
    for (let row = first; row < planModel.model.numRows; row++) expect(worstExcess(planModel.model, relaxation.values, row)).toBeGreaterThan(0);
  }, 60_000);

  it('adds cuts within a budget of nonzeros, fewer than without it', async () => {
    const solver = await createHighsSolver();
    const factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 3, tight: 1 });
    const relaxation = await solver.solve(buildMasterPlanModel(new PlanningContext(factory)).model, { relax: true });
    const all = buildMasterPlanModel(new PlanningContext(factory));
    const unlimited = addLotSizingCuts(all, relaxation.values);
    const limited = buildMasterPlanModel(new PlanningContext(factory));
    const entriesBefore = limited.model.entryCols.length;
    const added = addLotSizingCuts(limited, relaxation.values, Infinity, 400);
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(unlimited);
    expect(limited.model.entryCols.length - entriesBefore).toBeLessThanOrEqual(400);
  });

  // The echelon cuts of components: the demo food factory's bulk batches feed only packed end items.
  it.each(['food', 'paint'] as const)('holds at the plan the solver makes (demo %s S, components on their echelon)', async (kind) => {
    const solver = await createHighsSolver();
    const planModel = buildMasterPlanModel(new PlanningContext(generateDemoFactory({ kind, size: 'S', seed: 3, tight: 1 })));
    const plan = await solvePlanModel(planModel, solver, { timeLimitSeconds: 3, mipRelGap: 0.01, strategy: 'lp-rounding' });
    const relaxation = await solver.solve(planModel.model, { relax: true });
    const first = planModel.model.numRows;
    addLotSizingCuts(planModel, relaxation.values);
    expect(planModel.model.rowNames.slice(first).filter((name) => name.startsWith('echelonLotSizing:')).length).toBeGreaterThan(0);
    expect(worstExcess(planModel.model, plan.values!, first)).toBeLessThanOrEqual(1e-6 * Math.max(1, ...Array.from(plan.values!, Math.abs)));
  }, 60_000);
});
