import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import type { Factory, Plan } from '../../src/domain/types';
import { planMaster } from '../../src/engine/masterPlan/index';
import { monthSharesOfWeek, onTimeQty, reconcile, reconciliationCsv } from '../../src/engine/reconcile';
import { horizonOf } from '../../src/domain/buckets';
import { createHighsSolver } from '../../src/solver/highs';

describe('S&OP and Master Plan reconciliation', () => {
  let factory: Factory;
  let plan: Plan;
  beforeAll(async () => {
    factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 2, tight: 1.2 });
    ({ plan } = await planMaster(factory, await createHighsSolver(), { timeLimitSeconds: 2 }));
  }, 60_000);

  it("adds up to the plan's totals: demand, deliveries, lost and the S&OP inside the horizon", () => {
    const cells = reconcile(factory, plan);
    const total = (pick: (value: { demandQty: number; deliveredQty: number; lostQty: number }) => number) => cells.reduce((sum, target) => sum + pick(target), 0);
    const planTotal = (key: 'demand' | 'delivered' | 'lost') => plan.constrainedDemand.reduce((sum, line) => sum + line[key], 0);
    expect(total((target) => target.demandQty)).toBeCloseTo(planTotal('demand'), 0);
    expect(total((target) => target.deliveredQty)).toBeCloseTo(planTotal('delivered'), 0);
    expect(total((target) => target.lostQty)).toBeCloseTo(planTotal('lost'), 0);
    for (const target of cells) expect(target.onTimeQty).toBeLessThanOrEqual(target.demandQty + 1e-6);
    expect(cells.reduce((sum, target) => sum + target.sopQty, 0)).toBeCloseTo(factory.sop.plans.reduce((sum, line) => sum + line.qty, 0), 6);
    // A tight plant: some month falls short, and says why.
    const short = cells.filter((target) => target.gapQty < -1);
    expect(short.length).toBeGreaterThan(0);
    expect(short.some((target) => target.reasons.length > 0)).toBe(true);
  });

  it('shares a week among months by its weekdays, and counts on time what was not owed from before', () => {
    // 2026-11-30 is a Monday: its week has one weekday in November, four in December.
    expect(monthSharesOfWeek(horizonOf('2026-11-30', 4), 0)).toEqual([
      { month: '2026-11', share: 0.2 },
      { month: '2026-12', share: 0.8 },
    ]);
    const line = { item: 'A', week: 1, demand: 100, delivered: 120, backlog: 0, lost: 0, reasons: [] };
    expect(onTimeQty(line, 30)).toBe(90);
    expect(onTimeQty({ ...line, lost: 30 }, 30)).toBe(100);
    expect(onTimeQty({ ...line, delivered: 20 }, 30)).toBe(0);
  });

  it('writes CSV for the S&OP meeting, quoting what needs it', () => {
    const csv = reconciliationCsv([{ family: 'Spreads, sweet', month: '2026-12', sopQty: 1, sopQtyInHorizon: 1, sopRevenue: 2, demandQty: 1, onTimeQty: 1, onTimeRevenue: 2, deliveredQty: 1, lostQty: 0, executedQty: 0, gapQty: 0, gapRevenue: 0, reasons: ['capacity: Line "A" (2 weeks)', 'frozen zone (1 week)'] }]);
    expect(csv.split('\r\n')[0]).toBe('family,month,sopQty,sopQtyInHorizon,sopRevenue,demandQty,onTimeQty,onTimeRevenue,deliveredQty,lostQty,executedQty,gapQty,gapRevenue,reasons');
    expect(csv.split('\r\n')[1]).toBe('"Spreads, sweet",2026-12,1,1,2,1,1,2,1,0,0,0,0,"capacity: Line ""A"" (2 weeks); frozen zone (1 week)"');
  });
});
