import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import type { ExecutionEntry, Factory, Plan, Schedule } from '../../src/domain/types';
import { scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { adherenceJson, adherenceReport } from '../../src/engine/adherence/index';
import { asPlannedEntries } from '../../src/engine/adherence/asPlanned';
import { planMaster } from '../../src/engine/masterPlan/index';
import { createHighsSolver } from '../../src/solver/highs';
import { tinyFactory } from '../helpers/tinyFactory';

/** Two items on one machine; the plan and schedule written by hand. */
function handMade(): { factory: Factory; plan: Plan; schedule: Schedule } {
  const factory = tinyFactory();
  factory.items.push({ id: 'FG2', name: 'Second good', type: 'finished', family: 'FAM', uom: 'pc', price: 12, unitCost: 6, holdingCostPerWeek: 0.05, onHand: 0 });
  factory.boms.push({ parent: 'FG2', component: 'RM', qtyPer: 1 });
  factory.routings.push({ item: 'FG2', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] });
  const plan: Plan = {
    format: 'ponte.plan/1',
    status: 'feasible',
    objective: 0,
    production: [
      { item: 'FG', week: 0, qty: 100 },
      { item: 'FG2', week: 0, qty: 50 },
      { item: 'FG', week: 1, qty: 80 },
      { item: 'FG2', week: 2, qty: 40 },
    ],
    purchases: [],
    constrainedDemand: [],
    capacity: [],
    changes: [],
    stats: { variables: 0, constraints: 0, solveSeconds: 0, solver: 'hand' },
  };
  const op = (id: string, item: string, qty: number, start: string, end: string) => ({ id, order: id, item, step: 10, qty, resource: 'WC', machine: 'M1', setupStart: start, start, end, setupMinutes: 0, tools: [], operators: 0 });
  const schedule: Schedule = {
    format: 'ponte.schedule/1',
    operations: [op('A', 'FG', 100, '2026-11-30T08:00', '2026-11-30T09:40'), op('B', 'FG2', 50, '2026-11-30T10:00', '2026-11-30T10:50'), op('C', 'FG', 80, '2026-12-07T08:00', '2026-12-07T09:20')],
    kpis: { makespanMinutes: 0, totalSetupMinutes: 0, totalTardinessMinutes: 0, lateOrders: 0 },
    violations: [],
  };
  return { factory, plan, schedule };
}

let id = 0;
function entry(overrides: Partial<ExecutionEntry>): ExecutionEntry {
  id++;
  return { id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`, site: 'S', device: 'D', order: 'x', item: 'FG', step: 10, machine: 'M1', start: '2026-11-30T08:00', end: '2026-11-30T09:00', goodQty: 0, scrapQty: 0, recordedAt: `2026-11-30T${String(8 + (id % 10)).padStart(2, '0')}:00:00Z`, ...overrides };
}

describe('plan adherence, computed by hand on a small case', () => {
  const { factory, plan, schedule } = handMade();
  const corrected = entry({ operation: 'C', order: 'C', start: '2026-12-07T08:00', end: '2026-12-07T09:20', goodQty: 70, recordedAt: '2026-12-07T09:21:00Z' });
  const entries = [
    entry({ operation: 'A', order: 'A', start: '2026-11-30T08:10', end: '2026-11-30T09:50', goodQty: 90, scrapQty: 4, cause: { category: 'execution', code: 'machine-breakdown' } }),
    entry({ operation: 'B', order: 'B', item: 'FG2', start: '2026-11-30T10:45', end: '2026-11-30T11:45', goodQty: 60, cause: { category: 'planning', code: 'rate-assumption' } }),
    entry({ item: 'FG2', order: 'unplanned-FG2', start: '2026-11-30T12:00', end: '2026-11-30T12:20', goodQty: 20, cause: { category: 'demand', code: 'rush-order' } }),
    corrected,
    entry({ operation: 'C', order: 'C', start: '2026-12-07T08:00', end: '2026-12-07T09:20', goodQty: 80, corrects: corrected.id, recordedAt: '2026-12-07T10:00:00Z' }),
  ];
  const report = adherenceReport(factory, plan, schedule, entries);
  const json = adherenceJson(report);

  it('covers the weeks the entries reach, counts a correction once and unplanned work as executed only', () => {
    expect(report.weeksCovered).toBe(2);
    // Week 0: FG min(90, 100) + FG2 min(60, 50) = 140 of 150; week 1: 80 of 80 (the correction, not the 70).
    expect(json.byWeek.map(({ week, planned, executed, matched, unplanned }) => ({ week, planned, executed, matched, unplanned }))).toEqual([
      { week: 0, planned: 150, executed: 150, matched: 140, unplanned: 20 },
      { week: 1, planned: 80, executed: 80, matched: 80, unplanned: 0 },
    ]);
    expect(json.planAdherence).toBeCloseTo(220 / 230, 12);
    expect(json.byWeek[0]!.volumeAdherence).toBe(1);
    expect(json.byWeek[0]!.mixAdherence).toBeCloseTo(140 / 150, 12);
    expect(json.byResource).toEqual([expect.objectContaining({ resource: 'WC', planned: 230, matched: 220 })]);
    expect(json.byFamily).toEqual([expect.objectContaining({ family: 'FAM', planned: 230, matched: 220 })]);
  });

  it('judges each operation by its start against the tolerance and its position on the machine', () => {
    expect(report.schedule!.operations.map(({ operation, startDeviationMinutes, adheres }) => ({ operation, startDeviationMinutes, adheres }))).toEqual([
      { operation: 'A', startDeviationMinutes: 10, adheres: true },
      { operation: 'B', startDeviationMinutes: 45, adheres: false },
      { operation: 'C', startDeviationMinutes: 0, adheres: true },
    ]);
    expect(json.scheduleAdherence).toMatchObject({ operations: 3, adhering: 2 });
    // Run in the other order: both out of position.
    const swapped = adherenceReport(factory, plan, schedule, [entry({ operation: 'A', start: '2026-11-30T10:00', end: '2026-11-30T10:30', goodQty: 100 }), entry({ operation: 'B', item: 'FG2', start: '2026-11-30T08:00', end: '2026-11-30T09:00', goodQty: 50 })]);
    expect(swapped.schedule!.operations.filter((operation) => operation.operation !== 'C').map((operation) => operation.inPosition)).toEqual([false, false]);
  });

  it('ranks the causes in a Pareto by count, then by the quantity at stake', () => {
    expect(json.causes.map(({ code, count, qty }) => ({ code, count, qty }))).toEqual([
      { code: 'rush-order', count: 1, qty: 20 },
      { code: 'machine-breakdown', count: 1, qty: 10 },
      { code: 'rate-assumption', count: 1, qty: 10 },
    ]);
    expect(json.causes.at(-1)!.cumulative).toBe(1);
    expect(json.causesByWeek.every((cause) => cause.week === 0)).toBe(true);
  });
});

describe('adherence when execution equals the plan', () => {
  let factory: Factory;
  let plan: Plan;
  let schedule: Schedule;
  beforeAll(async () => {
    factory = generateDemoFactory({ kind: 'paint', size: 'S', seed: 5 });
    ({ plan } = await planMaster(factory, await createHighsSolver(), { timeLimitSeconds: 2 }));
    ({ schedule } = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 20 }));
  }, 60_000);

  it('is 100 % for the plan and the schedule, with no cause', () => {
    const report = adherenceJson(adherenceReport(factory, plan, schedule, asPlannedEntries(schedule, 'S', 'D')));
    expect(report.weeksCovered).toBe(1);
    expect(report.planAdherence).toBe(1);
    expect(report.planned).toBeGreaterThan(0);
    expect(report.scheduleAdherence!.share).toBe(1);
    expect(report.causes).toEqual([]);
  });
});
