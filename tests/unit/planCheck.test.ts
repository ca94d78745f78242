import { beforeAll, describe, expect, it } from 'vitest';
import type { Factory, Plan } from '../../src/domain/types';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan, type PlanViolation } from '../../src/engine/planCheck';
import { createHighsSolver } from '../../src/solver/highs';
import { tinyFactory, weeklyDemand } from '../helpers/tinyFactory';

let factory: Factory;
let plan: Plan;

beforeAll(async () => {
  factory = tinyFactory();
  factory.items[0]!.lotMultiple = 50;
  factory.items[1]!.onHand = 0;
  factory.suppliers[0]!.items[0] = { item: 'RM', price: 1, minOrderQty: 500, orderMultiple: 100, capacityPerWeek: 5000 };
  factory.previousPlan = { production: [{ item: 'FG', week: 0, qty: 400 }], purchases: [] };
  weeklyDemand(factory, [400, 900, 1200, 800, 1000, 600]);
  ({ plan } = await planMaster(factory, await createHighsSolver(), { timeLimitSeconds: 5 }));
});

function violationsAfter(change: (copy: Plan) => void): PlanViolation['rule'][] {
  const copy = structuredClone(plan);
  change(copy);
  return [...new Set(checkPlan(factory, copy).map((violation) => violation.rule))];
}

const line = (copy: Plan, week: number) => copy.production.find((entry) => entry.item === 'FG' && entry.week === week)!;

describe('checkPlan', () => {
  it('accepts the plan the engine made', () => {
    expect(checkPlan(factory, plan)).toEqual([]);
    expect(plan.production.length).toBeGreaterThan(2);
    expect(plan.purchases.length).toBeGreaterThan(0);
  });

  it('catches inventory below zero', () => {
    expect(violationsAfter((copy) => (copy.purchases[0]!.qty -= 100))).toContain('inventory');
  });

  it('catches a work center over capacity', () => {
    expect(violationsAfter((copy) => (line(copy, 2).qty += 5000))).toContain('capacity');
  });

  it('catches overtime beyond its limit', () => {
    expect(violationsAfter((copy) => (copy.capacity[1]!.overtimeMinutes = 60))).toContain('overtime');
  });

  it('catches frozen production that differs from the previous plan', () => {
    expect(violationsAfter((copy) => (line(copy, 0).qty = 450))).toContain('frozen');
  });

  it('catches a lot that breaks the multiple', () => {
    expect(violationsAfter((copy) => (line(copy, 2).qty -= 10))).toContain('lot');
  });

  it('catches purchases that break the supplier terms', () => {
    expect(violationsAfter((copy) => (copy.purchases[0]!.qty += 30))).toContain('purchase');
    expect(violationsAfter((copy) => (copy.purchases[0]!.arrivalDate = '2026-12-05'))).toContain('purchase'); // a Saturday
    expect(violationsAfter((copy) => (copy.purchases[0]!.orderDate = '2026-11-20'))).toContain('purchase'); // in the past
  });

  it('catches a backlog that does not add up, and a shortfall without a reason', () => {
    const entry = (copy: Plan) => copy.constrainedDemand.find((candidate) => candidate.week === 2)!;
    expect(violationsAfter((copy) => (entry(copy).backlog += 5))).toContain('demand');
    expect(
      violationsAfter((copy) => {
        entry(copy).delivered -= 100;
        entry(copy).lost += 100;
        entry(copy).reasons = [];
      }),
    ).toContain('reasons');
  });
});
