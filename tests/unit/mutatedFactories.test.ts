import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoFactory, type DemoKind } from '../../src/demo/generator';
import { validateFactory } from '../../src/domain/validate';
import { scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan } from '../../src/engine/planCheck';
import { checkSchedule } from '../../src/engine/scheduleCheck';
import { createHighsSolver, type HighsSolver } from '../../src/solver/highs';
import { mutateFactory, type FactoryMutation } from '../helpers/factoryMutations';

let solver: HighsSolver;
beforeAll(async () => {
  solver = await createHighsSolver();
});

interface Case {
  kind: DemoKind;
  seed: number;
  tight?: number;
  mutations: FactoryMutation[];
  /** The previous plan cannot be executed: the frozen zone may deviate (README, format notes). */
  frozenMayDeviate?: boolean;
}

// Each of these broke a plan or a schedule once.
const cases: Case[] = [
  { kind: 'paint', seed: 14, tight: 1.2, mutations: ['frozen2'] },
  { kind: 'paint', seed: 24, mutations: ['frozen2', 'noWorkStep', 'saturdayOvertime'] },
  { kind: 'mixed', seed: 6, mutations: ['dayCrew'] },
  { kind: 'paint', seed: 39, mutations: ['dayCrew', 'saturdayOvertime'] },
  { kind: 'mixed', seed: 26, mutations: ['dayCrew', 'shortShifts', 'sharedTool'] },
  { kind: 'food', seed: 23, mutations: ['precedeMore', 'noWorkStep'] },
  { kind: 'mixed', seed: 22, mutations: ['precedeMore', 'frozen2'] },
  { kind: 'paint', seed: 10, tight: 0.9, mutations: ['frozen2', 'halfEfficiency'], frozenMayDeviate: true },
  { kind: 'paint', seed: 8, tight: 1.2, mutations: ['noSlushyZone', 'noLateness'] },
];

describe('plans and schedules on demo factories varied beyond what the generator makes', () => {
  for (const { kind, seed, tight, mutations, frozenMayDeviate } of cases) {
    it(`${kind} S seed ${seed} with ${mutations.join(', ')}: the plan and the schedule hold`, async () => {
      const factory = mutateFactory(generateDemoFactory({ kind, size: 'S', seed, ...(tight ? { tight } : {}) }), mutations, seed);
      expect(validateFactory(JSON.parse(JSON.stringify(factory))).ok).toBe(true);
      const { plan } = await planMaster(factory, solver, { timeLimitSeconds: 2 });
      const planViolations = checkPlan(factory, plan).filter((violation) => !(frozenMayDeviate && violation.rule === 'frozen'));
      expect(planViolations).toEqual([]);
      const run = scheduleFrozenWeeks(factory, plan, { seed, maxIterations: 20 });
      expect(run.schedule.violations).toEqual([]);
      expect(checkSchedule(factory, plan, run.schedule)).toEqual([]);
    }, 60_000);
  }
});

describe('the frozen zone of a varied factory', () => {
  it('is executable when a raw material short in it can still be bought in time (paint S seed 24)', () => {
    const factory = mutateFactory(generateDemoFactory({ kind: 'paint', size: 'S', seed: 24 }), ['frozen2', 'noWorkStep', 'saturdayOvertime'], 24);
    // Without the purchase its supplier can still deliver, RM-0014 is 3 units short in week 1.
    expect(new PlanningContext(factory).frozenIsExecutable()).toBe(true);
    const noSupplier = { ...factory, suppliers: factory.suppliers.map((supplier) => ({ ...supplier, items: supplier.items.filter((entry) => entry.item !== 'RM-0014') })) };
    expect(new PlanningContext(noSupplier).frozenIsExecutable()).toBe(false);
  });
});
