/**
 * Plan stability across the weekly roll: when nothing changed but the week (entries equal to the
 * plan, the same demand), the next plan keeps the slushy zone; when demand does change, the slushy
 * zone moves where that is cheaper. Before the held first plan, paint S seed 1 changed 6-40 % of
 * its slushy volume at 2 s, from run to run.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoFactory, type DemoKind } from '../../src/demo/generator';
import type { Factory, Plan } from '../../src/domain/types';
import { asPlannedEntries } from '../../src/engine/adherence/asPlanned';
import { scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan } from '../../src/engine/planCheck';
import { rollForward } from '../../src/engine/roll';
import { createHighsSolver } from '../../src/solver/highs';

async function rolled(kind: DemoKind, seed: number, flow = false): Promise<Factory> {
  const factory = generateDemoFactory({ kind, size: 'S', seed });
  const { plan } = await planMaster(factory, await createHighsSolver(), { timeLimitSeconds: flow ? 4 : 2, ...(flow ? {} : { flow: false }) });
  const { schedule } = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 10 });
  return rollForward(factory, plan, asPlannedEntries(schedule, 'site', 'tablet'), schedule).factory;
}

/** Units made differently from the previous plan in the slushy weeks (the first `weeks` of them), as a share of the previous plan's volume there. */
function slushyChange(factory: Factory, plan: Plan, weeks = factory.policy.fences.slushyWeeks): number {
  const { frozenWeeks } = factory.policy.fences;
  const inSlushy = (week: number) => week >= frozenWeeks && week < frozenWeeks + weeks;
  const key = (line: { item: string; week: number }) => `${line.item}|${line.week}`;
  const previous = new Map(factory.previousPlan!.production.filter((line) => inSlushy(line.week)).map((line) => [key(line), line.qty]));
  const current = new Map(plan.production.filter((line) => inSlushy(line.week)).map((line) => [key(line), line.qty]));
  let volume = 0;
  let changed = 0;
  for (const qty of previous.values()) volume += qty;
  for (const at of new Set([...previous.keys(), ...current.keys()])) changed += Math.abs((current.get(at) ?? 0) - (previous.get(at) ?? 0));
  return changed / volume;
}

describe('plan stability across the weekly roll', () => {
  for (const [kind, seed] of [['paint', 1], ['mixed', 1], ['food', 2]] as [DemoKind, number][]) {
    it(`${kind} S seed ${seed}: nothing changed but the week, the slushy zone is kept (at most 2 % of its volume)`, async () => {
      const next = await rolled(kind, seed);
      const { plan } = await planMaster(next, await createHighsSolver(), { timeLimitSeconds: 2, flow: false });
      expect(checkPlan(next, plan)).toEqual([]);
      expect(slushyChange(next, plan)).toBeLessThanOrEqual(0.02);
    }, 60_000);
  }

  // With the closed loop with the APS, the slushy weeks the previous plan has on time (it checks
  // them again: the last one was liquid then, and a plan made in 2 s may not have got every week on
  // time) are kept; the others are made executable and may change.
  it('with the closed loop: the weeks the previous plan has on time are kept (at most 2 % of their volume)', async () => {
    let held = 0;
    for (const [kind, seed] of [['paint', 1], ['mixed', 1], ['food', 2]] as [DemoKind, number][]) {
      // 4 s: at 2 s under the whole suite's load the loop's rounds are starved, and what it measures is the time, not the loop.
      const next = await rolled(kind, seed, true);
      // The rolled plan in 6 s: whether food S seed 2 holds its weeks is a close call (held 204.4 k
      // against a corrected free plan of 205.9 k) that the loop's correction of the free plan makes
      // in its share of the time; at 4 s under the whole suite's load it went the other way once in
      // two fresh-clone runs, and no factory held a week.
      const { plan } = await planMaster(next, await createHighsSolver(), { timeLimitSeconds: 6 });
      expect(checkPlan(next, plan)).toEqual([]);
      const heldWeeks = (plan.stats as { flow?: { heldWeeks: number } }).flow!.heldWeeks;
      if (heldWeeks > 0) expect(slushyChange(next, plan, heldWeeks)).toBeLessThanOrEqual(0.02);
      held += heldWeeks;
    }
    expect(held).toBeGreaterThan(0);
  }, 180_000);

  // The solver's economic first plan (solve.ts) is made free and with the slushy weeks held; where
  // the held one costs little more, the free one is left out, so that the held plan still leads.
  it('food S seed 2 by rounding (the economic first plan made): nothing changed but the week, the slushy zone is kept', async () => {
    const next = await rolled('food', 2);
    const messages: string[] = [];
    const { plan } = await planMaster(next, await createHighsSolver(), { timeLimitSeconds: 4, flow: false, strategy: 'lp-rounding', onProgress: (message) => messages.push(message) });
    expect(checkPlan(next, plan)).toEqual([]);
    expect(messages.some((message) => message.startsWith('  economic: economic plan kept: '))).toBe(true);
    expect(messages.find((message) => message.startsWith('first plans: '))).not.toMatch(/economic \d/);
    expect(slushyChange(next, plan)).toBeLessThanOrEqual(0.02);
  }, 60_000);

  it('paint S: when a family’s demand is cut to nothing, its slushy production is cut too (a held plan is a start, not a wall)', async () => {
    const next = await rolled('paint', 1);
    const family = next.families[0]!.id;
    const itemsOf = new Set(next.items.filter((item) => item.family === family).map((item) => item.id));
    const cut: Factory = {
      ...next,
      sop: { ...next.sop, plans: next.sop.plans.map((plan) => (plan.family === family ? { ...plan, qty: 0, revenue: 0 } : plan)) },
      forecast: next.forecast.filter((line) => !itemsOf.has(line.item)),
      orders: next.orders.filter((order) => !itemsOf.has(order.item)),
    };
    const { plan } = await planMaster(cut, await createHighsSolver(), { timeLimitSeconds: 2 });
    expect(checkPlan(cut, plan)).toEqual([]);
    const { frozenWeeks, slushyWeeks } = cut.policy.fences;
    const heldBefore = next.previousPlan!.production.filter((line) => itemsOf.has(line.item) && line.week >= frozenWeeks && line.week < frozenWeeks + slushyWeeks).reduce((sum, line) => sum + line.qty, 0);
    const madeNow = plan.production.filter((line) => itemsOf.has(line.item) && line.week >= frozenWeeks && line.week < frozenWeeks + slushyWeeks).reduce((sum, line) => sum + line.qty, 0);
    expect(heldBefore).toBeGreaterThan(0);
    expect(madeNow).toBeLessThan(heldBefore * 0.5);
    expect(plan.changes.some((change) => itemsOf.has(change.item))).toBe(true);
  }, 60_000);
});
