import { describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import type { Plan } from '../../src/domain/types';
import { validateFactory } from '../../src/domain/validate';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { planKpis, productionDifferences } from '../../src/engine/planKpis';
import { applyScenario, describeChange } from '../../src/engine/scenario';
import { tinyFactory } from '../helpers/tinyFactory';

const base = generateDemoFactory({ kind: 'food', size: 'S', seed: 1 });
const family = base.families[0]!.id;

describe('what-if scenarios', () => {
  it('scales a family demand and leaves the base untouched', () => {
    const before = JSON.stringify(base);
    const scenario = applyScenario(base, [{ kind: 'demand', family, percent: 20 }]);
    expect(JSON.stringify(base)).toBe(before);
    const total = (factory: typeof base) => factory.sop.plans.filter((plan) => plan.family === family).reduce((sum, plan) => sum + plan.qty, 0);
    expect(total(scenario)).toBeCloseTo(total(base) * 1.2, 0);
    const other = base.families[1]!.id;
    expect(scenario.sop.plans.filter((plan) => plan.family === other)).toEqual(base.sop.plans.filter((plan) => plan.family === other));
    expect(validateFactory(scenario).errors).toEqual([]);
  });

  it('takes a machine down and closes a supplier for the weeks named, and only those', () => {
    const resource = base.resources.find((candidate) => candidate.machines.length > 0)!;
    const machine = resource.machines[0]!.id;
    const supplier = base.suppliers[0]!;
    const scenario = applyScenario(base, [
      { kind: 'machine-down', resource: resource.id, machine, fromWeek: 2, toWeek: 3 },
      { kind: 'supplier-closed', supplier: supplier.id, fromWeek: 6, toWeek: 6 },
    ]);
    expect(validateFactory(scenario).errors).toEqual([]);
    const before = new PlanningContext(base);
    const after = new PlanningContext(scenario);
    const minutes = (context: PlanningContext, week: number) => context.availableMinutes.get(resource.id)![week]!;
    expect(minutes(after, 2)).toBeLessThan(minutes(before, 2));
    expect(minutes(after, 3)).toBeLessThan(minutes(before, 3));
    expect(minutes(after, 1)).toBe(minutes(before, 1));
    expect(minutes(after, 4)).toBe(minutes(before, 4));
    const arrivals = (context: PlanningContext, week: number) => context.purchaseOptions.filter((option) => option.supplier.id === supplier.id && option.week === week).length;
    expect(arrivals(before, 6)).toBeGreaterThan(0);
    expect(arrivals(after, 6)).toBe(0);
    expect(arrivals(after, 7)).toBe(arrivals(before, 7));
  });

  it('adds an order, allows overtime, delays a supplier, and says so in words', () => {
    const sku = base.items.find((item) => item.type === 'finished')!.id;
    const changes = [
      { kind: 'order', id: 'RUSH-1', item: sku, qty: 500, due: base.start },
      { kind: 'overtime', resource: '*', hoursPerWeek: 16 },
      { kind: 'supplier-late', supplier: base.suppliers[0]!.id, days: 7 },
    ] as const;
    const scenario = applyScenario(base, changes);
    expect(scenario.orders.at(-1)).toEqual({ id: 'RUSH-1', item: sku, qty: 500, due: base.start });
    expect(scenario.resources.every((resource) => resource.overtime?.maxHoursPerWeek === 16)).toBe(true);
    expect(scenario.suppliers[0]!.leadTimeDays).toBe(base.suppliers[0]!.leadTimeDays + 7);
    expect(changes.map((change) => describeChange(base, change))).toEqual([
      `Order RUSH-1: 500 × ${sku} due ${base.start}`,
      'Overtime up to 16 h a week on every work center',
      `${base.suppliers[0]!.name} 7 days later`,
    ]);
  });

  it('refuses a change that names what the factory lacks, saying which', () => {
    expect(() => applyScenario(base, [{ kind: 'demand', family: 'NOPE', percent: 5 }])).toThrow(/change 1 .*: no family NOPE/);
    expect(() => applyScenario(base, [{ kind: 'machine-down', resource: base.resources[0]!.id, machine: 'NOPE', fromWeek: 0, toWeek: 0 }])).toThrow(/no machine NOPE/);
  });
});

describe('plan figures for comparison', () => {
  it('counts on time what ships in its own week, older backlog first', () => {
    const factory = tinyFactory();
    const plan = {
      format: 'ponte.plan/1', status: 'feasible', objective: 123, bound: null,
      production: [{ item: 'FG', week: 0, qty: 5 }, { item: 'FG', week: 1, qty: 15 }, { item: 'FG', week: 2, qty: 10 }],
      purchases: [],
      constrainedDemand: [
        { item: 'FG', week: 0, demand: 10, delivered: 5, backlog: 5, lost: 0, reasons: [{ kind: 'capacity', resource: 'WC', week: 0 }] },
        { item: 'FG', week: 1, demand: 10, delivered: 15, backlog: 0, lost: 0, reasons: [] },
        { item: 'FG', week: 2, demand: 10, delivered: 8, backlog: 0, lost: 2, reasons: [{ kind: 'capacity', resource: 'WC', week: 2 }] },
      ],
      capacity: [{ resource: 'WC', week: 0, availableMinutes: 2400, loadMinutes: 2400, overtimeMinutes: 90 }],
      changes: [],
      stats: { variables: 0, constraints: 0, solveSeconds: 0, solver: 'hand' },
    } as unknown as Plan;
    const kpis = planKpis(factory, plan);
    expect(kpis).toMatchObject({ demand: 30, onTime: 5 + 10 + 8, lost: 2, backlogAtEnd: 0, cost: 123, overtimeHours: 1.5, changes: 0 });
    expect(kpis.service).toBeCloseTo(23 / 30, 12);
    const other = { ...plan, production: [{ item: 'FG', week: 0, qty: 5 }, { item: 'FG', week: 1, qty: 10 }] } as Plan;
    expect(productionDifferences(plan, other)).toEqual([
      { item: 'FG', week: 2, a: 10, b: 0 },
      { item: 'FG', week: 1, a: 15, b: 10 },
    ]);
  });
});
