import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KINDS, generateDemoFactory, type DemoSize } from '../../src/demo/generator';
import { planSchema } from '../../src/domain/schema';
import { PlanningContext } from '../../src/engine/masterPlan/context';
import { planMaster } from '../../src/engine/masterPlan/index';
import { serviceCeilingLp } from '../../src/engine/masterPlan/serviceCeiling';
import { checkPlan } from '../../src/engine/planCheck';
import { createHighsSolver, type HighsSolver } from '../../src/solver/highs';
import * as v from 'valibot';

let solver: HighsSolver;
beforeAll(async () => {
  solver = await createHighsSolver();
});

// XL: the economic plan tries its ways while the limit lasts (economicPlan.ts); at 6 s the
// quickest, each item's lots alone, 4-5 s a factory (at 60 s all nine, 21-28 s at tight 1.1, which
// crowded the other files' tests off CI's two cores; every way's plan is checked on small plants,
// loadAwareLots.test.ts).
const TIME_LIMIT: Record<DemoSize, number> = { S: 2, M: 2, L: 4, XL: 6 };

describe('the Master Plan on every demo kind and size', () => {
  for (const kind of DEMO_KINDS) {
    for (const size of ['S', 'M', 'L'] as DemoSize[]) {
      for (const tight of [undefined, 1.2]) {
        it(`${kind} ${size}${tight ? ` tight ${tight}` : ''}: a plan the self-check accepts, with reasons for every shortfall`, async () => {
          const factory = generateDemoFactory({ kind, size, seed: 11, ...(tight ? { tight } : {}) });
          const { plan } = await planMaster(factory, solver, { timeLimitSeconds: TIME_LIMIT[size] });
          expect(v.safeParse(planSchema, plan).issues).toBeUndefined();
          expect(checkPlan(factory, plan)).toEqual([]);
          const finishedWeeks = factory.items.filter((item) => item.type === 'finished').length * factory.horizonWeeks;
          expect(plan.constrainedDemand).toHaveLength(finishedWeeks);
          const demand = plan.constrainedDemand.reduce((sum, entry) => sum + entry.demand, 0);
          const lost = plan.constrainedDemand.reduce((sum, entry) => sum + entry.lost, 0);
          if (tight) expect(plan.constrainedDemand.some((entry) => entry.reasons.length > 0)).toBe(true);
          // Within 5 points of what the plant can make at all (tools and the labor pool included, setups relaxed).
          else expect(lost / demand).toBeLessThan(1 - (await serviceCeilingLp(new PlanningContext(factory), solver, 'quantity'))! + 0.05);
        }, 60_000);
      }
    }
  }

  for (const kind of DEMO_KINDS) {
    it(`plans the XL ${kind} factory without a solver model, within the self-check`, async () => {
      const factory = generateDemoFactory({ kind, size: 'XL', seed: 3, tight: 1.1 });
      const run = await planMaster(factory, solver, { timeLimitSeconds: TIME_LIMIT.XL });
      expect(run.strategy).toBe('levelled');
      expect(checkPlan(factory, run.plan)).toEqual([]);
      expect(run.plan.constrainedDemand.filter((entry) => entry.lost > 0).every((entry) => entry.reasons.length > 0)).toBe(true);
    }, 120_000);
  }
});
