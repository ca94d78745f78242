import { beforeAll, describe, expect, it } from 'vitest';
import type { Factory } from '../../src/domain/types';
import { executability } from '../../src/engine/aps/executability';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan } from '../../src/engine/planCheck';
import { createHighsSolver, type HighsSolver } from '../../src/solver/highs';
import { addMachine, tinyFactory, WEEK_MINUTES, weeklyDemand } from '../helpers/tinyFactory';

let solver: HighsSolver;
beforeAll(async () => {
  solver = await createHighsSolver();
});

/** WC with two machines (4,800 minutes a week), FG at a minute a unit, 4,000 wanted a week: the machines alone could make it all. */
function twoMachines(): Factory {
  const factory = tinyFactory();
  addMachine(factory);
  weeklyDemand(factory, [0, 4000, 4000, 4000, 4000, 4000]);
  return factory;
}

/** One format tool for FG's step: one machine at a time runs FG. */
function oneTool(): Factory {
  const factory = twoMachines();
  factory.tools = [{ id: 'TL', name: 'Format parts', quantity: 1 }];
  factory.routings[0]!.steps[0]!.tools = ['TL'];
  return factory;
}

/** One operator for the two machines: one machine at a time runs FG. */
function oneOperator(): Factory {
  const factory = twoMachines();
  factory.laborPools = [{ id: 'CREW', calendar: 'DAY', headcount: 1 }];
  factory.policy.laborPool = 'CREW';
  factory.routings[0]!.steps[0]!.operators = 1;
  return factory;
}

describe('tools and the labor pool in the Master Plan', () => {
  it('counts what each can hold a week: its copies (or headcount) times the longest machine (or crew) week', () => {
    const [tool] = new PlanningContext(oneTool()).secondary;
    expect(tool).toMatchObject({ kind: 'tool', id: 'TL' });
    expect([...tool!.minutes]).toEqual(Array(6).fill(WEEK_MINUTES));
    expect(tool!.uses.get('FG')).toEqual({ run: 1, setup: 0, resources: ['WC'] });
    const [labor] = new PlanningContext(oneOperator()).secondary;
    expect(labor).toMatchObject({ kind: 'labor', id: 'CREW' });
    expect([...labor!.minutes]).toEqual(Array(6).fill(WEEK_MINUTES));
    // As many copies as machines: the work center's own capacity says it all.
    const plenty = oneTool();
    plenty.tools[0]!.quantity = 2;
    expect(new PlanningContext(plenty).secondary).toEqual([]);
  });

  for (const [name, make] of [
    ['a tool', oneTool],
    ['the labor pool', oneOperator],
  ] as const) {
    it(`plans no more than ${name} lets the machines run, says why, and the shop floor keeps those weeks`, async () => {
      const factory = make();
      const { plan } = await planMaster(factory, solver, { timeLimitSeconds: 5, flow: false });
      expect(checkPlan(factory, plan)).toEqual([]);
      const made = (week: number) => plan.production.filter((line) => line.week === week).reduce((sum, line) => sum + line.qty, 0);
      for (let week = 1; week < 6; week++) {
        expect(made(week)).toBeLessThanOrEqual(WEEK_MINUTES);
        // Sales are lost, so what the one machine can run is made.
        expect(made(week)).toBeGreaterThan(0.95 * WEEK_MINUTES);
      }
      const short = plan.constrainedDemand.filter((line) => line.lost > 0 || line.backlog > 0);
      expect(short.length).toBeGreaterThan(0);
      for (const line of short) expect(line.reasons).toContainEqual(expect.objectContaining({ kind: 'capacity', resource: 'WC' }));
      const result = executability(factory, plan, { weeksAhead: 3, seed: 1, maxIterations: 20 });
      expect(result.lotShare).toBe(1);
    });
  }

  it('names the work center whose tool binds, not the busiest one of the routing', async () => {
    const factory = oneTool();
    // Packing after WC, at 90 % of its week when WC runs at half of its own.
    factory.resources.push({ id: 'PK', name: 'Packing', calendar: 'DAY', efficiency: 1, machines: [{ id: 'P1' }] });
    factory.routings[0]!.steps.push({ step: 20, resource: 'PK', runMinutesPerUnit: 0.9, setupMinutes: 0 });
    const { plan } = await planMaster(factory, solver, { timeLimitSeconds: 5, flow: false });
    const short = plan.constrainedDemand.filter((line) => line.week >= 1 && (line.lost > 0 || line.backlog > 0));
    expect(short.length).toBeGreaterThan(0);
    for (const line of short) {
      expect(line.reasons).toContainEqual(expect.objectContaining({ kind: 'capacity', resource: 'WC' }));
      expect(line.reasons).not.toContainEqual(expect.objectContaining({ kind: 'capacity', resource: 'PK' }));
    }
  });

  it('without them the same machines make it all: the cut is the tool’s', async () => {
    const { plan } = await planMaster(twoMachines(), solver, { timeLimitSeconds: 5, flow: false });
    expect(plan.production.filter((line) => line.week === 2).reduce((sum, line) => sum + line.qty, 0)).toBeGreaterThan(WEEK_MINUTES);
  });
});
