import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database';
import { importFactory } from '../../src/db/factoryStore';
import { planVersions, savePlanVersion } from '../../src/db/planStore';
import { generateDemoFactory } from '../../src/demo/generator';
import { createHighsSolver } from '../../src/solver/highs';
import { createPlannerApi } from '../../src/worker/plannerApi';

describe('the planner API and plan versions', () => {
  it('plans a stored factory, reports shortfalls as sentences, and keeps the version', async () => {
    const db = openDatabase('planner-test');
    const factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 2, tight: 1.3 });
    const factoryId = await importFactory(db, factory);
    const progress: string[] = [];
    const api = createPlannerApi(() => createHighsSolver());
    const response = await api.plan({ factory, timeLimitSeconds: 2 }, (message) => progress.push(message));
    expect(response.violations).toEqual([]);
    expect(response.shortfalls.length).toBeGreaterThan(0);
    expect(response.shortfalls[0]).toMatch(/^\S+, week \d+: .+: .+/);
    expect(progress.length).toBeGreaterThan(0);
    await savePlanVersion(db, factoryId, response.plan, 'first', new Date('2026-11-30T08:00:00Z'));
    await savePlanVersion(db, factoryId, response.plan, 'second', new Date('2026-11-30T09:00:00Z'));
    expect((await planVersions(db, factoryId)).map((version) => version.label)).toEqual(['second', 'first']);
    expect((await planVersions(db, factoryId))[0]!.plan).toStrictEqual(response.plan);
    db.close();
    await Dexie.delete('planner-test');
  }, 30_000);
});
