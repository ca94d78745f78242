import { describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import { formatCsv, parseCsv, withCsvRows } from '../../src/domain/csvFiles';
import { validateFactory } from '../../src/domain/validate';

const factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 1 });
const family = factory.families[0]!.id;
const sku = factory.items.find((item) => item.type === 'finished')!.id;

describe('CSV files of the S&OP plan, orders and forecast', () => {
  it('reads back what it writes, for each kind, and the factory stays valid', () => {
    for (const kind of ['sop', 'orders', 'forecast'] as const) {
      const result = parseCsv(kind as 'sop', formatCsv(kind, factory), factory);
      expect(result.ok, kind).toBe(true);
      if (!result.ok) continue;
      const next = withCsvRows(factory, kind, result.rows);
      expect(validateFactory(next).errors, kind).toEqual([]);
      expect(formatCsv(kind, next)).toBe(formatCsv(kind, factory));
    }
  });

  it('says which row, which column and what is wrong', () => {
    const text = ['family,month,qty,revenue', `${family},2026-12,100,`, `${family},2027-13,100,`, `NOPE,2027-01,5,`, `${family},2027-02,-4,`, `${family},2026-12,7,`].join('\n');
    const result = parseCsv('sop', text, factory);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.message)).toEqual([
      'row 3, column month: 2027-13 is not a month (YYYY-MM)',
      'row 4, column family: NOPE is not a family of this factory',
      'row 5, column qty: -4 is not a number of at least 0',
      `row 6, column month: ${family} 2026-12 is already on row 2`,
    ]);
  });

  it('refuses a header without the required columns, and unknown columns', () => {
    const missing = parseCsv('orders', 'id,item,qty\nA,B,1', factory);
    expect(!missing.ok && missing.errors[0]!.message).toMatch(/^row 1: .*missing due/);
    const unknown = parseCsv('forecast', 'item,week,qty,colour\n', factory);
    expect(!unknown.ok && unknown.errors[0]!.message).toMatch(/^row 1, column colour: not a column/);
  });

  it('checks orders and forecast lines against the factory', () => {
    const orders = parseCsv('orders', `id,item,qty,due,priority\nO1,${sku},10,2026-12-10,1\nO2,RM-NOPE,0,2026-02-30,12\nO1,${sku},5,2026-12-11,`, factory);
    expect(!orders.ok && orders.errors.map((error) => error.message)).toEqual([
      'row 3, column item: RM-NOPE is not an item of this factory',
      'row 3, column qty: 0 is not a quantity greater than 0',
      'row 3, column due: 2026-02-30 is not a date (YYYY-MM-DD)',
      'row 3, column priority: 12 is not a priority from 1 (highest) to 9',
      'row 4, column id: order O1 is already on row 2',
    ]);
    const forecast = parseCsv('forecast', `item,week,qty\n${sku},${factory.horizonWeeks},5\n`, factory);
    expect(!forecast.ok && forecast.errors[0]!.message).toBe(`row 2, column week: ${factory.horizonWeeks} is not a week of the horizon (0 to ${factory.horizonWeeks - 1})`);
  });
});
