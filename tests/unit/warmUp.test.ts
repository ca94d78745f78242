import { describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import type { LinearModel, MipSolver, SolveOptions } from '../../src/engine/linearModel';
import { planMaster } from '../../src/engine/masterPlan/index';
import { createHighsSolver } from '../../src/solver/highs';
import { warmUpModel } from '../../src/solver/warmUp';

describe("the solver thread's warm-up", () => {
  it('is an LP that makes HiGHS iterate: lots, setups and stock over shared work centers', async () => {
    const solver = await createHighsSolver();
    const model = warmUpModel();
    expect(model.numCols).toBe(30 * 26 * 4);
    const result = await solver.solve(model, { relax: true });
    expect(result.status).toBe('optimal');
    expect(result.iterations).toBeGreaterThan(500);
  });

  it('is asked for by the Master Plan on models of M size and up, not on S', async () => {
    const highs = await createHighsSolver();
    let warmUps = 0;
    const counting: MipSolver = { name: highs.name, solve: (model: LinearModel, options?: SolveOptions) => highs.solve(model, options), warmUp: () => void warmUps++ };
    await planMaster(generateDemoFactory({ kind: 'food', size: 'S', seed: 1, tight: 1.0 }), counting, { timeLimitSeconds: 1, flow: false });
    expect(warmUps).toBe(0);
    await planMaster(generateDemoFactory({ kind: 'food', size: 'M', seed: 1, tight: 1.0 }), counting, { timeLimitSeconds: 1, flow: false });
    expect(warmUps).toBe(1);
  }, 60_000);
});
