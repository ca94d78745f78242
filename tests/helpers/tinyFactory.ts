/**
 * Hand-made factories small enough that their bottleneck is known by construction: one finished
 * item FG made from one material RM on one work center WC (one machine, 8 hours a day, Monday
 * to Friday: 2,400 minutes a week), sold at 10 and planned over six weeks from 2026-11-30.
 */
import type { Factory, Plan } from '../../src/domain/types';

export const START = '2026-11-30';
export const WEEK_MINUTES = 2400;

export function tinyFactory(): Factory {
  return {
    format: 'ponte.factory/1',
    name: 'Tiny plant',
    start: START,
    horizonWeeks: 6,
    policy: { fences: { frozenWeeks: 1, slushyWeeks: 2 }, maxLatenessWeeks: 2, latenessCostPerUnitWeek: 0.5 },
    calendars: [
      { id: 'DAY', shifts: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }] },
      { id: 'SUP', shifts: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '12:00' }] },
    ],
    families: [{ id: 'FAM', name: 'Family', unit: 'pc' }],
    items: [
      { id: 'FG', name: 'Finished good', type: 'finished', family: 'FAM', uom: 'pc', price: 10, unitCost: 5, holdingCostPerWeek: 0.05, onHand: 0 },
      { id: 'RM', name: 'Raw material', type: 'purchased', uom: 'kg', unitCost: 1, holdingCostPerWeek: 0.01, onHand: 10_000 },
    ],
    boms: [{ parent: 'FG', component: 'RM', qtyPer: 1 }],
    resources: [{ id: 'WC', name: 'Work center', calendar: 'DAY', efficiency: 1, machines: [{ id: 'M1' }] }],
    routings: [{ item: 'FG', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] }],
    setupMatrices: [],
    sequenceRules: [],
    tools: [],
    laborPools: [],
    suppliers: [{ id: 'SUP1', name: 'Supplier', calendar: 'SUP', leadTimeDays: 0, items: [{ item: 'RM', price: 1 }] }],
    openProductionOrders: [],
    openPurchaseOrders: [],
    sop: { plans: [], mix: [] },
    orders: [],
    forecast: [],
    previousPlan: { production: [], purchases: [] },
  };
}

/** A weekly SKU forecast for FG. */
export function weeklyDemand(factory: Factory, quantities: number[]): void {
  factory.forecast = quantities.map((qty, week) => ({ item: 'FG', week, qty }));
}

/** A hand-made plan: FG made in the given weeks, nothing delivered (what is made stays in stock). */
export function planOfFG(quantities: number[]): Plan {
  return {
    format: 'ponte.plan/1',
    status: 'feasible',
    objective: 0,
    production: quantities.map((qty, week) => ({ item: 'FG', week, qty })).filter((line) => line.qty > 0),
    purchases: [],
    constrainedDemand: [],
    capacity: [],
    changes: [],
    stats: { variables: 0, constraints: 0, solveSeconds: 0, solver: 'hand' },
  };
}

/** One more finished good like FG, made from RM (its routing is the caller's). */
export function addGood(factory: Factory, id: string): void {
  factory.items.push({ ...factory.items.find((item) => item.id === 'FG')!, id, name: id });
  factory.boms.push({ parent: id, component: 'RM', qtyPer: 1 });
}

/** WC with a second machine M2 like M1: 4,800 minutes a week. */
export function addMachine(factory: Factory): void {
  factory.resources[0]!.machines.push({ id: 'M2' });
}

/** FG (finished) takes 2 INT a unit, FG2 (finished) 4; INT, an intermediate, is made on WC from RM at a minute a unit. */
export function withIntermediate(): Factory {
  const factory = tinyFactory();
  factory.items.push({ id: 'INT', name: 'Intermediate', type: 'intermediate', uom: 'pc', unitCost: 1, holdingCostPerWeek: 0.01, onHand: 0 });
  factory.items.push({ ...factory.items.find((item) => item.id === 'FG')!, id: 'FG2', name: 'FG2' });
  factory.boms = [
    { parent: 'FG', component: 'INT', qtyPer: 2 },
    { parent: 'FG2', component: 'INT', qtyPer: 4 },
    { parent: 'INT', component: 'RM', qtyPer: 1 },
  ];
  factory.routings = [{ item: 'INT', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] }];
  return factory;
}
