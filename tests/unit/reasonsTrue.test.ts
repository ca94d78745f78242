/**
 * Reasons that are true, over many generated plans: no reason names a week after its shortfall,
 * and a material reason's item runs short (less than half of a week's consumption left beyond
 * safety stock) in a week from the reason's week to four weeks after the shortfall: its stock
 * was used up, or held for the weeks that ran it out. Checked from the plan document alone.
 * And a purchased material is named only where no supplier could have brought more by then.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoFactory, type DemoKind, type DemoSize } from '../../src/demo/generator';
import { generateMetalFactory } from '../../src/demo/metal';
import { planMaster } from '../../src/engine/masterPlan/index';
import { createHighsSolver } from '../../src/solver/highs';
import { planStock } from '../helpers/planStock';

const CASES: { kind: DemoKind | 'metal'; size: DemoSize; seed: number }[] = [
  ...(['food', 'paint', 'mixed'] as DemoKind[]).flatMap((kind) => [1, 2, 3].map((seed) => ({ kind, size: 'S' as DemoSize, seed }))),
  ...(['food', 'paint', 'mixed'] as DemoKind[]).map((kind) => ({ kind, size: 'M' as DemoSize, seed: 1 })),
  // Steel bought just in time, welding and assembly full: before, 1,296 material reasons on seed 1.
  ...[1, 2].map((seed) => ({ kind: 'metal' as const, size: 'S' as DemoSize, seed })),
];

describe('shortfall reasons are true', () => {
  it('on tight demo plans of every kind: no later week, materials that really ran short', async () => {
    const solver = await createHighsSolver();
    let materialReasons = 0;
    for (const { kind, size, seed } of CASES) {
      const factory = kind === 'metal' ? generateMetalFactory({ size: 'S', seed, tight: 1.2 }) : generateDemoFactory({ kind, size, seed, tight: 1.2 });
      const { plan } = await planMaster(factory, solver, { timeLimitSeconds: size === 'S' ? 1 : 2 });
      const { stock, consumed } = planStock(factory, plan);
      const safety = new Map(factory.items.map((item) => [item.id, item.safetyStock ?? 0]));
      const runsShort = (item: string, week: number) => stock.get(item)![week]! - safety.get(item)! < Math.max(1e-6, 0.5 * consumed.get(item)![week]!);
      for (const line of plan.constrainedDemand) {
        for (const reason of line.reasons) {
          const where = `${kind} ${size} seed ${seed}: ${line.item} week ${line.week}, ${JSON.stringify(reason)}`;
          if ('week' in reason) expect(reason.week, where).toBeLessThanOrEqual(line.week);
          if (reason.kind !== 'material') continue;
          materialReasons++;
          const last = Math.min(factory.horizonWeeks - 1, line.week + 4);
          // A supplier without a weekly cap that can deliver by the reason's week (some open day within a week of its lead time) could have brought more.
          const uncapped = factory.suppliers.filter((supplier) => supplier.items.some((entry) => entry.item === reason.item && entry.capacityPerWeek === undefined));
          expect(uncapped.some((supplier) => Math.floor((supplier.leadTimeDays + 6) / 7) <= reason.week), `${where}: a supplier could have brought more`).toBe(false);
          const short = Array.from({ length: last - reason.week + 1 }, (_, offset) => reason.week + offset).some((week) => runsShort(reason.item, week));
          expect(short, where).toBe(true);
        }
      }
    }
    // The property is not empty: the tight plants do run out of materials.
    expect(materialReasons).toBeGreaterThan(0);
  }, 120_000);
});
