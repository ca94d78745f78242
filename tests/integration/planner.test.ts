import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database';
import { importFactory } from '../../src/db/factoryStore';
import { planVersions, savePlanVersion } from '../../src/db/planStore';
import { latestSchedule, saveSchedule } from '../../src/db/scheduleStore';
import { createNodeKernelFactory } from '../../src/cli/kernel';
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

describe('the planner API schedules the frozen week', () => {
  it('uses the kernel it is given, holds every rule, and the schedule is kept with its plan version', async () => {
    const db = openDatabase('schedule-test');
    const factory = generateDemoFactory({ kind: 'paint', size: 'S', seed: 3 });
    const factoryId = await importFactory(db, factory);
    const api = createPlannerApi(() => createHighsSolver(), createNodeKernelFactory);
    const { plan } = await api.plan({ factory, timeLimitSeconds: 2 });
    const points: number[] = [];
    const response = await api.schedule({ factory, plan, timeLimitSeconds: 1, seed: 2 }, (point) => points.push(point.cost));
    expect(response.kernel).toBe('WebAssembly');
    expect(response.schedule.violations).toEqual([]);
    expect(response.schedule.operations.length).toBeGreaterThan(0);
    expect(points.length).toBeGreaterThan(0);
    // Each new best is better than the one before.
    for (let i = 1; i < points.length; i++) expect(points[i]).toBeLessThan(points[i - 1]!);
    const version = await savePlanVersion(db, factoryId, plan, 'plan');
    await saveSchedule(db, factoryId, version.id, response.schedule, new Date('2026-11-30T08:00:00Z'));
    const newer = await saveSchedule(db, factoryId, version.id, response.schedule, new Date('2026-11-30T09:00:00Z'));
    expect((await latestSchedule(db, version.id))!.id).toBe(newer.id);
    // Pin two operations and re-optimize around them in the worker's API: they keep machine and instant.
    const pinned = [response.schedule.operations[1]!.id, response.schedule.operations.at(-2)!.id];
    const again = await api.reoptimize({ factory, plan, schedule: response.schedule, pinned, timeLimitSeconds: 0.5 });
    expect(again.kernel).toBe('WebAssembly');
    expect(again.pinsMoved).toEqual([]);
    expect(again.schedule.violations).toEqual([]);
    for (const id of pinned) {
      const [was, now] = [response.schedule, again.schedule].map((schedule) => schedule.operations.find((operation) => operation.id === id)!);
      expect([now!.machine, now!.setupStart]).toEqual([was!.machine, was!.setupStart]);
    }
    await saveSchedule(db, factoryId, version.id, again.schedule, new Date('2026-11-30T10:00:00Z'), pinned);
    expect((await latestSchedule(db, version.id))!.pinned).toEqual(pinned);
    expect(await latestSchedule(db, 'no-such-version')).toBeUndefined();
    // Without a kernel loader the TypeScript reference prices the moves.
    expect((await createPlannerApi(() => createHighsSolver()).schedule({ factory, plan, timeLimitSeconds: 0.2 })).kernel).toBe('TypeScript');
    db.close();
    await Dexie.delete('schedule-test');
  }, 60_000);
});
