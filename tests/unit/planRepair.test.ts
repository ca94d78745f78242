import { describe, expect, it } from 'vitest';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { repairPlan } from '../../src/engine/masterPlan/extract';
import { tinyFactory } from '../helpers/tinyFactory';

describe('plan repair', () => {
  it('cuts a lot to the next multiple when a component is short by a millionth', () => {
    // Frozen quantities are kept to the millionth, so a component can end a millionth short;
    // lot rounding forgives that much, and a cut that small must still shrink the lot.
    const factory = tinyFactory();
    factory.items.find((item) => item.id === 'FG')!.lotMultiple = 25;
    factory.items.find((item) => item.id === 'RM')!.onHand = 325 - 1e-6;
    const context = new PlanningContext(factory);
    const production = new Map([['FG', Float64Array.from([0, 0, 325, 0, 0, 0])]]);
    const repaired = repairPlan(context, { production, purchases: [] });
    expect(Array.from(repaired.production.get('FG')!)).toEqual([0, 0, 300, 0, 0, 0]);
    expect(Math.min(...repaired.inventory.get('RM')!)).toBeGreaterThanOrEqual(0);
  });
});
