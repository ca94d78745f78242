/**
 * A budget too short for the model's LP: the LP is not started (a cut LP gives neither bound nor
 * guide, and its watchdog and the solver thread started again after it cost more than the budget:
 * mixed L at 0.7 s came back at 2.5 s). The real solver is wrapped only to count its calls.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import type { MipSolver, SolveOptions } from '../../src/engine/linearModel';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan } from '../../src/engine/planCheck';
import { createHighsSolver, type HighsSolver } from '../../src/solver/highs';

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
