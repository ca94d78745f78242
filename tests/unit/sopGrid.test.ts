import { describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import { History, applyEdits, cellValue, parseQuantity, pasteBlock, setShare, sopLayout } from '../../src/engine/sop/grid';
import { RoughCutModel, roughCutCapacity } from '../../src/engine/roughCut';

const factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 1 });
const { rows, months } = sopLayout(factory);

describe('the S&OP grid', () => {
  it('lays out a quantity and a revenue row per family, and the horizon months as columns', () => {
    expect(rows).toHaveLength(factory.families.length * 2);
    expect(rows[0]).toMatchObject({ family: factory.families[0]!.id, measure: 'qty' });
    expect(rows[1]).toMatchObject({ family: factory.families[0]!.id, measure: 'revenue' });
    expect(months).toEqual([...months].sort());
    expect(months.length).toBeGreaterThanOrEqual(3);
  });

  it('edits a cell, adds a missing family-month and clears a revenue', () => {
    const family = factory.families[0]!.id;
    let plans = applyEdits(factory.sop.plans, [{ family, month: months[0]!, measure: 'qty', value: 1234 }]);
    expect(cellValue(plans, family, months[0]!, 'qty')).toBe(1234);
    expect(cellValue(factory.sop.plans, family, months[0]!, 'qty')).not.toBe(1234);
    plans = applyEdits(plans, [{ family, month: '2031-01', measure: 'revenue', value: 99 }]);
    expect(plans.find((plan) => plan.month === '2031-01')).toEqual({ family, month: '2031-01', qty: 0, revenue: 99 });
    plans = applyEdits(plans, [{ family, month: '2031-01', measure: 'revenue', value: undefined }]);
    expect(plans.find((plan) => plan.month === '2031-01')).toEqual({ family, month: '2031-01', qty: 0 });
  });

  it('reads numbers as spreadsheets write them, and refuses the rest', () => {
    expect(parseQuantity('1,234.5')).toBe(1234.5);
    expect(parseQuantity(' 1 234 ')).toBe(1234);
    expect(parseQuantity('')).toBeUndefined();
    for (const bad of ['-3', 'abc', '1,23', '12%', '1.2.3']) expect(parseQuantity(bad), bad).toBeNaN();
  });

  it('pastes a tab-separated block at the selected cell, all or nothing', () => {
    const block = '100\t200\n300\t400\n';
    const { edits, errors } = pasteBlock(block, { row: 0, column: 0 }, rows, months);
    expect(errors).toEqual([]);
    expect(edits).toEqual([
      { family: rows[0]!.family, month: months[0], measure: 'qty', value: 100 },
      { family: rows[0]!.family, month: months[1], measure: 'qty', value: 200 },
      { family: rows[1]!.family, month: months[0], measure: 'revenue', value: 300 },
      { family: rows[1]!.family, month: months[1], measure: 'revenue', value: 400 },
    ]);
    const bad = pasteBlock('100\tlots\n', { row: 0, column: 0 }, rows, months);
    expect(bad.edits).toEqual([]);
    expect(bad.errors[0]!.message).toMatch(/"lots" is not a number/);
    const outside = pasteBlock('1\t2', { row: 0, column: months.length - 1 }, rows, months);
    expect(outside.errors[0]!.message).toMatch(/outside the grid/);
  });

  it('keeps a family mix summing to 1 when one share changes', () => {
    const family = factory.sop.mix[0]!.family;
    const members = factory.sop.mix.filter((entry) => entry.family === family);
    const next = setShare(factory.sop.mix, family, members[0]!.item, 0.5);
    const shares = next.filter((entry) => entry.family === family);
    expect(shares.find((entry) => entry.item === members[0]!.item)!.share).toBe(0.5);
    expect(shares.reduce((sum, entry) => sum + entry.share, 0)).toBeCloseTo(1, 9);
    // The others keep their proportions.
    const [a, b] = members.slice(1);
    if (a && b) expect(shares.find((entry) => entry.item === a.item)!.share / shares.find((entry) => entry.item === b.item)!.share).toBeCloseTo(a.share / b.share, 4);
    expect(next.filter((entry) => entry.family !== family)).toEqual(factory.sop.mix.filter((entry) => entry.family !== family));
  });

  it('undoes and redoes', () => {
    const history = new History(1);
    history.push(2);
    history.push(3);
    expect(history.undo()).toBe(2);
    expect(history.undo()).toBe(1);
    expect(history.canUndo).toBe(false);
    expect(history.redo()).toBe(2);
    history.push(5);
    expect(history.canRedo).toBe(false);
    expect(history.current).toBe(5);
  });

  it('updates rough-cut capacity from the edited plan, as a fresh computation would', () => {
    const model = new RoughCutModel(factory);
    const family = factory.families[0]!.id;
    const doubled = applyEdits(factory.sop.plans, factory.sop.plans.filter((plan) => plan.family === family).map((plan) => ({ family, month: plan.month, measure: 'qty' as const, value: plan.qty * 2 })));
    const live = model.compute(doubled, factory.sop.mix);
    const fresh = roughCutCapacity({ ...factory, sop: { ...factory.sop, plans: doubled } });
    expect(live.capacity).toEqual(fresh.capacity);
    const before = roughCutCapacity(factory).capacity.reduce((sum, entry) => sum + entry.loadMinutes, 0);
    expect(live.capacity.reduce((sum, entry) => sum + entry.loadMinutes, 0)).toBeGreaterThan(before);
  });
});
