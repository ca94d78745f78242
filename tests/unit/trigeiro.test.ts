import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildClspModel, parseTrigeiro, relaxAndFixStart } from '../../scripts/bench/trigeiro';
import { createHighsSolver } from '../../src/solver/highs';

const folder = new URL('../../../shared/benchmarks/clsp-trigeiro/', import.meta.url);

describe.runIf(existsSync(new URL('X11117A', folder)))('the Trigeiro benchmark reader and model', () => {
  it('reads an instance field by field', () => {
    const instance = parseTrigeiro('X11117A', readFileSync(new URL('X11117A', folder), 'utf8'));
    expect([instance.items, instance.periods, instance.capacity]).toEqual([10, 20, 1332]);
    expect([instance.unitCapacity[0], instance.holdingCost[0], instance.setupTime[0], instance.setupCost[0]]).toEqual([1, 0.8, 17, 37]);
    expect(instance.demand[1]![0]).toBe(115);
    expect(instance.demand[9]![19]).toBe(87);
  });

  it('solves X11117A to its proven optimum', async () => {
    const instance = parseTrigeiro('X11117A', readFileSync(new URL('X11117A', folder), 'utf8'));
    const result = (await createHighsSolver()).solveNow(buildClspModel(instance), { timeLimitSeconds: 20, mipRelGap: 1e-6 });
    expect(result.objective).toBeCloseTo(8375.8, 1);
  });

  it('finds a relax-and-fix start on a tight instance that holds every row and is integer in the setups', async () => {
    const instance = parseTrigeiro('X11419C', readFileSync(new URL('X11419C', folder), 'utf8'));
    const model = buildClspModel(instance);
    const start = relaxAndFixStart(instance, model, await createHighsSolver(), 8);
    expect(start).toBeDefined();
    const activities = model.rowActivities(start!);
    model.rowNames.forEach((name, row) => {
      expect(activities[row]!, name).toBeGreaterThanOrEqual(model.rowLower[row]! - 1e-6);
      expect(activities[row]!, name).toBeLessThanOrEqual(model.rowUpper[row]! + 1e-6);
    });
    model.colNames.forEach((name, col) => {
      if (model.colInteger[col]) expect(Math.abs(start![col]! - Math.round(start![col]!)), name).toBeLessThan(1e-6);
    });
  }, 30_000);

  it('refuses a truncated file, saying where', () => {
    expect(() => parseTrigeiro('broken', '10 20\n1 1332\n1.0 0.8')).toThrow('broken: expected a number for st[0] at token 7');
  });
});
