import { describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import type { Factory, Plan } from '../../src/domain/types';
import { validateFactory } from '../../src/domain/validate';
import { asPlannedEntries } from '../../src/engine/adherence/asPlanned';
import { scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { checkSchedule } from '../../src/engine/scheduleCheck';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan } from '../../src/engine/planCheck';
import { rollForward } from '../../src/engine/roll';
import { createHighsSolver } from '../../src/solver/highs';

describe('the weekly roll', () => {
  it('runs two full cycles (plan, schedule, entries, roll, plan): each frozen week is the rolled previous plan, every unit of stock accounted for', async () => {
    const solver = await createHighsSolver();
    let factory: Factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 6 });
    for (let cycle = 0; cycle < 2; cycle++) {
      const { plan } = await planMaster(factory, solver, { timeLimitSeconds: 2 });
      expect(checkPlan(factory, plan)).toEqual([]);
      const { schedule } = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 20 });
      expect(schedule.violations).toEqual([]);
      expect(checkSchedule(factory, plan, schedule)).toEqual([]);
      const entries = asPlannedEntries(schedule, 'valle', 'tablet');
      const { factory: next, movements, warnings } = rollForward(factory, plan, entries, schedule);
      expect(warnings).toEqual([]);
      // Conservation, item by item.
      for (const movement of movements) expect(movement.after).toBeCloseTo(movement.before + movement.received + movement.produced - movement.consumed - movement.shipped, 6);
      expect(movements.some((movement) => movement.produced > 0 && movement.consumed === 0)).toBe(true);
      expect(movements.some((movement) => movement.consumed > 0)).toBe(true);
      expect(validateFactory(next).errors).toEqual([]);
      expect(next.start).toBe(addDays(factory.start, 7));
      expect(next.previousPlan!.production).toEqual(plan.production.filter((line) => line.week >= 1).map((line) => ({ ...line, week: line.week - 1 })));

      const { plan: following } = await planMaster(next, solver, { timeLimitSeconds: 2 });
      expect(checkPlan(next, following)).toEqual([]);
      const frozen = (candidate: Plan | NonNullable<Factory['previousPlan']>) =>
        candidate.production
          .filter((line) => line.week < next.policy.fences.frozenWeeks && line.qty > 0)
          .map((line) => `${line.item}|${line.week}|${line.qty}`)
          .sort();
      expect(frozen(following)).toEqual(frozen(next.previousPlan!));
      factory = next;
    }
  }, 120_000);

  it('keeps the units it cannot place: stock that would go below zero is reported, an overdue order keeps what was not shipped', () => {
    const factory = generateDemoFactory({ kind: 'paint', size: 'S', seed: 2 });
    const material = factory.items.find((item) => item.type === 'purchased')!;
    const parent = factory.boms.find((bom) => bom.component === material.id)!.parent;
    const routing = factory.routings.find((candidate) => candidate.item === parent)!;
    const step = routing.steps.at(-1)!;
    const machine = step.machines?.[0]?.machine ?? factory.resources.find((resource) => resource.id === step.resource)!.machines[0]!.id;
    const huge = { id: '00000000-0000-4000-8000-000000000001', site: 's', device: 'd', order: 'u', item: parent, step: step.step, machine, start: `${factory.start}T08:00`, end: `${factory.start}T09:00`, goodQty: 1e7, scrapQty: 0, recordedAt: `${factory.start}T09:00:00Z` };
    const empty: Plan = { format: 'ponte.plan/1', status: 'feasible', objective: 0, production: [], purchases: [], constrainedDemand: [], capacity: [], changes: [], stats: { variables: 0, constraints: 0, solveSeconds: 0, solver: '-' } };
    const overdue = { id: 'OLD', item: factory.items.find((item) => item.type === 'finished')!.id, qty: 40, due: factory.start };
    const { factory: next, warnings } = rollForward({ ...factory, orders: [overdue] }, empty, [huge]);
    expect(warnings.some((warning) => warning.startsWith(`${material.id}: what ran consumed`))).toBe(true);
    expect(next.items.find((item) => item.id === material.id)!.onHand).toBe(0);
    expect(next.orders).toEqual([overdue]);
  });
});

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}
