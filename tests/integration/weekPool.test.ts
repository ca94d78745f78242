/**
 * The closed loop's released weeks checked side by side in real worker threads (worker/weekPool.ts,
 * cli/flowThreads.ts): the same check as in the loop's own thread, and the same answer when a
 * thread fails; planMaster's loop uses the threads it is given.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnFlowWeekThread } from '../../src/cli/flowThreads';
import { createNodeKernelFactory } from '../../src/cli/kernel';
import { generateDemoFactory } from '../../src/demo/generator';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { checkFlow, checkFlowAsync, releasedWeeks, type FlowCheck } from '../../src/engine/masterPlan/flow';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan } from '../../src/engine/planCheck';
import { createHighsSolver } from '../../src/solver/highs';
import { createIsolatedNodeSolver } from '../../src/solver/node';
import { WeekPool, type SpawnWeekThread } from '../../src/worker/weekPool';

const pools: WeekPool[] = [];
afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});

/** What a check decides from, without its clock. */
function decided(found: FlowCheck) {
  const rows = (map: Map<string, Float64Array>) => [...map].map(([key, row]) => [key, [...row]]).sort();
  return { lots: found.lots, lateLots: found.lateLots, lateByWeek: [...found.lateByWeek], overrunByWeek: [...found.overrunByWeek], lateFinishedQty: found.lateFinishedQty, lateHeldUpQty: found.lateHeldUpQty, spill: rows(found.spill), earlyFirm: rows(found.earlyFirm), thinWeeks: found.thinWeeks };
}

async function demoM() {
  const factory = generateDemoFactory({ kind: 'food', size: 'M', seed: 1, tight: 1.2 });
  const { plan } = await planMaster(factory, await createHighsSolver(), { strategy: 'levelled' });
  const context = new PlanningContext(factory);
  return { factory, plan, context, weeks: releasedWeeks(context) };
}

describe('the week pool', () => {
  it('checks the released weeks of a plan in two threads as the loop checks them in its own', async () => {
    const { factory, plan, context, weeks } = await demoM();
    const kernelFactory = await createNodeKernelFactory();
    const pool = new WeekPool(factory, spawnFlowWeekThread, 2);
    pools.push(pool);
    // Iterations, not the clock, end each week's search: the same schedules in any thread.
    const options = { kernelFactory, iterations: 5 };
    const alone = checkFlow(factory, plan, context, weeks, options);
    const side = await checkFlowAsync(factory, plan, context, weeks, { ...options, weekScheduler: pool });
    expect(alone.lateLots).toBeGreaterThan(0);
    expect(side.threads).toBe(2);
    expect(decided(side)).toEqual(decided(alone));
  });

  it('gives the same answer in the loop’s own thread when a thread fails', async () => {
    const { factory, plan, context, weeks } = await demoM();
    let spawned = 0;
    const failing: SpawnWeekThread = (_onMessage, onFailure) => {
      spawned++;
      return { post: (message) => void (message.kind === 'week' && setTimeout(() => onFailure(new Error('out of memory')), 0)), terminate: () => undefined };
    };
    const pool = new WeekPool(factory, failing, 2);
    pools.push(pool);
    const found = await checkFlowAsync(factory, plan, context, weeks, { iterations: 3, weekScheduler: pool });
    expect(spawned).toBe(2);
    expect(found.threads).toBe(1);
    expect(decided(found)).toEqual(decided(checkFlow(factory, plan, context, weeks, { iterations: 3 })));
    // Failed once, the pool refuses at once and starts no thread again.
    await expect(pool.schedule(plan, weeks, { seed: 1, iterations: 1, seconds: Infinity })).rejects.toThrow('out of memory');
    expect(spawned).toBe(2);
  });

  it('runs the closed loop’s checks of an M plan in its threads, and the plan holds every rule', async () => {
    const factory = generateDemoFactory({ kind: 'food', size: 'M', seed: 1, tight: 1.0 });
    const pool = new WeekPool(factory, spawnFlowWeekThread, 2);
    pools.push(pool);
    const solver = await createIsolatedNodeSolver();
    // 20 s, not 10: with two test files at a time on a slower machine, the loop's first pass at
    // 10 s had no relaxation in its share, and the plan came back without a check (fresh-clone CI,
    // 2026-11-28; the same on the code before that session, with two plans running beside it).
    const { plan } = await planMaster(factory, solver, { timeLimitSeconds: 20, flow: { kernelFactory: await createNodeKernelFactory(), weekScheduler: pool } });
    solver.close();
    const checks = (plan.stats as { flow?: { checks: { threads: number }[] } }).flow?.checks ?? [];
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((check) => check.threads === 2)).toBe(true);
    expect(checkPlan(factory, plan)).toEqual([]);
  }, 60_000);
});
