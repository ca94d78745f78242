import { describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import { roughCutCapacity } from '../../src/engine/roughCut';
import { tinyFactory } from '../helpers/tinyFactory';

describe('roughCutCapacity', () => {
  it('loads a family-month on its work centers through mix, BOM and routing', () => {
    const factory = tinyFactory();
    factory.items.push({ id: 'SUB', name: 'Sub-assembly', type: 'intermediate', uom: 'pc', unitCost: 1, holdingCostPerWeek: 0, onHand: 0 });
    factory.boms.push({ parent: 'FG', component: 'SUB', qtyPer: 2, scrapPct: 10 });
    factory.resources.push({ id: 'WC2', name: 'Second', calendar: 'DAY', efficiency: 0.5, machines: [{ id: 'M2' }] });
    factory.routings.push({ item: 'SUB', steps: [{ step: 10, resource: 'WC2', runMinutesPerUnit: 0.5, setupMinutes: 0 }] });
    factory.sop = { plans: [{ family: 'FAM', month: '2026-12', qty: 12000 }], mix: [{ family: 'FAM', item: 'FG', share: 1 }] };
    const { capacity } = roughCutCapacity(factory);
    const wc = capacity.find((entry) => entry.resource === 'WC' && entry.month === '2026-12')!;
    // December 2026 has 23 weekdays of 480 minutes.
    expect(wc.availableMinutes).toBe(23 * 480);
    expect(wc.loadMinutes).toBe(12000);
    expect(wc.overloaded).toBe(true);
    const wc2 = capacity.find((entry) => entry.resource === 'WC2' && entry.month === '2026-12')!;
    expect(wc2.loadMinutes).toBeCloseTo(12000 * 2 * 1.1 * 0.5, 6);
    expect(wc2.availableMinutes).toBe(23 * 480 * 0.5);
    expect(wc2.families).toEqual([{ family: 'FAM', loadMinutes: wc2.loadMinutes }]);
  });

  it('flags more overloads on a tight demo plant than on a loose one', () => {
    const overloads = (tight: number) => roughCutCapacity(generateDemoFactory({ kind: 'mixed', size: 'M', seed: 2, tight })).capacity.filter((entry) => entry.overloaded).length;
    expect(overloads(0.6)).toBe(0);
    expect(overloads(1.3)).toBeGreaterThan(5);
  });
});
