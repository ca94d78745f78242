/**
 * A budget too short for the model's LP: the LP is not started (a cut LP gives neither bound nor
 * guide, and its watchdog and the solver thread started again after it cost more than the budget:
 * mixed L at 0.7 s came back at 2.5 s); nor a small plant's full MIP with too little time for it.
 * The real solver is wrapped only to count its calls.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import type { MipSolver, SolveOptions } from '../../src/engine/linearModel';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { planMaster } from '../../src/engine/masterPlan/index';
import { buildMasterPlanModel } from '../../src/engine/masterPlan/model';
import { solvePlanModel } from '../../src/engine/masterPlan/solve';
import { checkPlan } from '../../src/engine/planCheck';
import { createHighsSolver, type HighsSolver } from '../../src/solver/highs';
import { tinyFactory } from '../helpers/tinyFactory';

let solver: HighsSolver;
beforeAll(async () => {
  solver = await createHighsSolver();
});

describe('a Master Plan on a budget too short for its LP', () => {
  it('leaves the LP out and returns the levelled first plan, every rule held', async () => {
    const factory = generateDemoFactory({ kind: 'mixed', size: 'M', seed: 1 });
    const calls: SolveOptions[] = [];
    const counting: MipSolver = { name: solver.name, solve: (model, options) => (calls.push(options ?? {}), solver.solve(model, options)) };
    const progress: string[] = [];
    const { plan } = await planMaster(factory, counting, { timeLimitSeconds: 0.05, flow: false, onProgress: (line) => progress.push(line) });
    expect(calls.filter((options) => options.relax && !options.fix)).toEqual([]);
    expect(progress.some((line) => line.startsWith('LP relaxation left out'))).toBe(true);
    expect(plan.production.length).toBeGreaterThan(0);
    expect(checkPlan(factory, plan)).toEqual([]);
  }, 60_000);
});

describe('a small plant’s full MIP', () => {
  // The full MIP is not started with under MIP_MIN_SECONDS (0.5 s) of its own, once the 0.3 s it
  // overruns by (MIP_OVERRUN_SECONDS) is kept off: HiGHS overran such slices and came back with its
  // start, in the closed loop's time for corrections.
  const fullMips = async (timeLimitSeconds: number) => {
    const calls: SolveOptions[] = [];
    const counting: MipSolver = { name: solver.name, solve: (model, options) => (calls.push(options ?? {}), solver.solve(model, options)) };
    const planModel = buildMasterPlanModel(new PlanningContext(tinyFactory()));
    const outcome = await solvePlanModel(planModel, counting, { timeLimitSeconds, mipRelGap: 0.01, strategy: 'exact' });
    expect(outcome.values).toBeDefined();
    return calls.filter((options) => !options.relax && !options.fix).length;
  };

  it('is left out where less than half a second would be left for it', async () => {
    // 0.9 s less the reserve for the last LP (15 %) leaves at most 0.765 s, 90 % of it for the MIP
    // (0.69 s), less its overrun: 0.39 s. Without the overrun kept off, it started here.
    expect(await fullMips(0.9)).toBe(0);
  });

  it('runs where there is time for it', async () => {
    expect(await fullMips(3)).toBe(1);
  });
});
