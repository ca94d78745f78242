import { describe, expect, it } from 'vitest';
import { unconstrainedDemand } from '../../src/engine/demand';
import { tinyFactory } from '../helpers/tinyFactory';

function withSop() {
  const factory = tinyFactory();
  factory.items.push({ id: 'FG2', name: 'Second', type: 'finished', family: 'FAM', uom: 'pc', unitCost: 1, holdingCostPerWeek: 0, onHand: 0 });
  // December 2026: 23 weekdays; the horizon (6 weeks from Monday 30 November) covers 1-31 December... and 1-10 January.
  factory.sop = { plans: [{ family: 'FAM', month: '2026-12', qty: 2300 }], mix: [{ family: 'FAM', item: 'FG', share: 0.75 }, { family: 'FAM', item: 'FG2', share: 0.25 }] };
  return factory;
}

describe('unconstrainedDemand', () => {
  it('spreads the S&OP plan by mix and by the weekdays of the month in each week', () => {
    const demand = unconstrainedDemand(withSop());
    const fg = demand.cells.get('FG')!.map((cell) => cell.demand);
    // 1725 for FG over 23 weekdays = 75 a weekday: 4, 5, 5, 5, 4 weekdays in weeks 0-4.
    expect(fg.map((qty) => Math.round(qty * 1e6) / 1e6)).toEqual([300, 375, 375, 375, 300, 0]);
    expect(demand.cells.get('FG')![1]!.sop).toEqual([{ family: 'FAM', month: '2026-12', qty: 375 }]);
  });

  it('lets a SKU forecast override the S&OP for its week', () => {
    const factory = withSop();
    factory.forecast = [{ item: 'FG', week: 1, qty: 1000 }];
    const cell = unconstrainedDemand(factory).cells.get('FG')![1]!;
    expect(cell.demand).toBe(1000);
    expect(cell.source).toBe('forecast');
  });

  it('takes the larger of firm orders and forecast, overdue orders in week 0', () => {
    const factory = withSop();
    factory.orders = [
      { id: 'O1', item: 'FG', qty: 500, due: '2026-12-09' },
      { id: 'O2', item: 'FG', qty: 100, due: '2026-12-10' },
      { id: 'O3', item: 'FG2', qty: 50, due: '2026-11-20' },
      { id: 'O4', item: 'FG2', qty: 999, due: '2027-06-01' },
    ];
    const demand = unconstrainedDemand(factory);
    expect(demand.cells.get('FG')![1]).toMatchObject({ orders: 600, demand: 600, source: 'orders' });
    expect(demand.cells.get('FG2')![0]).toMatchObject({ orders: 50, demand: 100 });
    expect(demand.cells.get('FG2')!.reduce((sum, cell) => sum + cell.orders, 0)).toBe(50);
  });
});
