/**
 * Whole units and no float noise, over demo plans with and without their lot multiples: items
 * counted in pieces, cases, cans or kits are made and bought in whole units, every other
 * quantity to a thousandth of its unit, and a slushy change is listed only where a quantity
 * differs by at least that much. Without the multiples the solver's own continuous quantities
 * reach the plan (seen before: BK-SAU-01 1797.445646 cases, a change 400 → 400.079882).
 */
import { describe, expect, it } from 'vitest';
import { generateDemoFactory, type DemoKind } from '../../src/demo/generator';
import { isWholeUnit, unitQuantum } from '../../src/domain/units';
import { planMaster } from '../../src/engine/masterPlan/index';
import { checkPlan } from '../../src/engine/planCheck';
import { createHighsSolver } from '../../src/solver/highs';
import { mutateFactory } from '../helpers/factoryMutations';

const atQuantum = (qty: number, quantum: number) => Math.abs(qty / quantum - Math.round(qty / quantum)) < 1e-6;

describe('units of measure', () => {
  it('counts pieces, cases, cans and kits whole, in any spelling, and nothing else', () => {
    for (const uom of ['pc', 'pcs', 'Piece', 'case', 'Cases', 'can', 'cans', 'kit', 'kits', 'ea', 'ea.', 'box', 'boxes', 'pallet']) expect(isWholeUnit(uom), uom).toBe(true);
    for (const uom of ['kg', 'g', 'L', 'l', 'ml', 'm', 'm2', 't', 'lb', 'gal', 'h']) expect(isWholeUnit(uom), uom).toBe(false);
    expect(unitQuantum('kg')).toBe(0.001);
    expect(unitQuantum('cases')).toBe(1);
  });
});

describe('plans in whole units', () => {
  it('makes and buys counted items whole, the rest to a thousandth, and lists no change below that', async () => {
    const solver = await createHighsSolver();
    let counted = 0;
    for (const kind of ['food', 'paint', 'mixed'] as DemoKind[]) {
      for (const bare of [false, true]) {
        const factory = generateDemoFactory({ kind, size: 'S', seed: 1, tight: 1.0 });
        if (bare) mutateFactory(factory, ['noLotMultiples']);
        const { plan } = await planMaster(factory, solver, { timeLimitSeconds: 3 });
        const where = `${kind} S${bare ? ' without lot multiples' : ''}`;
        expect(checkPlan(factory, plan), where).toEqual([]);
        const uom = new Map(factory.items.map((item) => [item.id, item.uom]));
        const frozen = factory.policy.fences.frozenWeeks;
        // Frozen weeks copy the previous plan, whatever its precision.
        for (const line of [...plan.production.filter((entry) => entry.week >= frozen), ...plan.purchases]) {
          const unit = uom.get(line.item)!;
          if (isWholeUnit(unit)) counted++;
          expect(atQuantum(line.qty, unitQuantum(unit)), `${where}: ${line.item} ${line.qty} ${unit}`).toBe(true);
        }
        for (const change of plan.changes) {
          expect(Math.abs(change.qty - change.previousQty), `${where}: change ${JSON.stringify(change)}`).toBeGreaterThanOrEqual(unitQuantum(uom.get(change.item)!) - 1e-9);
        }
      }
    }
    expect(counted).toBeGreaterThan(100);
  }, 120_000);
});
