import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/domain/types';
import { capacityWeeks, inventoryWeeks, serviceByFamilyWeek } from '../../src/engine/planSeries';
import { tinyFactory } from '../helpers/tinyFactory';

const factory = tinyFactory();
factory.resources[0]!.overtime = { maxHoursPerWeek: 2, costPerHour: 30 };
factory.items[0]!.safetyStock = 3;
const plan = {
  production: [{ item: 'FG', week: 0, qty: 12 }, { item: 'FG', week: 1, qty: 8 }],
  purchases: [],
  constrainedDemand: [
    { item: 'FG', week: 0, demand: 10, delivered: 5, backlog: 5, lost: 0, reasons: [] },
    { item: 'FG', week: 1, demand: 10, delivered: 15, backlog: 0, lost: 0, reasons: [] },
  ],
  capacity: [
    { resource: 'WC', week: 1, availableMinutes: 2400, loadMinutes: 2500, overtimeMinutes: 100 },
    { resource: 'WC', week: 0, availableMinutes: 2400, loadMinutes: 12, overtimeMinutes: 0 },
  ],
  changes: [],
} as unknown as Plan;

describe('the series behind the plan charts', () => {
  it('a work center per week, in week order, with its overtime limit', () => {
    expect(capacityWeeks(factory, plan, 'WC')).toEqual([
      { week: 0, availableMinutes: 2400, loadMinutes: 12, overtimeMinutes: 0, limitMinutes: 2520 },
      { week: 1, availableMinutes: 2400, loadMinutes: 2500, overtimeMinutes: 100, limitMinutes: 2520 },
    ]);
  });

  it("an item's end-of-week stock against its safety stock", () => {
    // FG: none on hand, 12 made and 5 shipped in week 0, 8 made and 15 shipped in week 1.
    expect(inventoryWeeks(factory, plan, 'FG').slice(0, 2)).toEqual([
      { week: 0, stock: 7, safetyStock: 3 },
      { week: 1, stock: 0, safetyStock: 3 },
    ]);
  });

  it('on-time service by family and week, older backlog served first', () => {
    expect(serviceByFamilyWeek(factory, plan)).toEqual([
      { family: 'FAM', week: 0, demand: 10, onTime: 5, share: 0.5 },
      { family: 'FAM', week: 1, demand: 10, onTime: 10, share: 1 },
    ]);
  });
});
