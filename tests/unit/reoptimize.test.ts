/**
 * Pin and re-optimize: pinned operations keep their machine and instant, everything else is
 * re-sequenced around them, every rule holds, and the result is never worse than the schedule it
 * started from. A pin the rules cannot hold is named, not silently dropped.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoFactory, type DemoKind } from '../../src/demo/generator';
import { formatInstant, parseInstant } from '../../src/domain/dates';
import { SeededRandom } from '../../src/domain/random';
import type { Schedule } from '../../src/domain/types';
import { decode } from '../../src/engine/aps/decoder';
import { scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { GanttMover } from '../../src/engine/aps/moveOperation';
import { instanceOfSchedule, reoptimizeAroundPins, splitsOf } from '../../src/engine/aps/reoptimize';
import { planMaster } from '../../src/engine/masterPlan/index';
import { createHighsSolver } from '../../src/solver/highs';

const startCost = (factory: Parameters<typeof instanceOfSchedule>[0], plan: Parameters<typeof instanceOfSchedule>[1], schedule: Schedule, pinned: string[]) => {
  const { instance, decision } = instanceOfSchedule(factory, plan, schedule, pinned);
  return decode(instance, decision).cost;
};

describe('re-optimizing around pinned operations', () => {
  for (const kind of ['food', 'paint'] as DemoKind[]) {
    it(`${kind} S: pins hold, every rule holds, never worse than where it started`, async () => {
      const factory = generateDemoFactory({ kind, size: 'S', seed: 3 });
      const { plan } = await planMaster(factory, await createHighsSolver(), { timeLimitSeconds: 2 });
      const { schedule: computed } = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 30, timeLimitSeconds: Infinity });
      expect(computed.violations).toEqual([]);
      // The planner drags a few operations about, keeping only drops that break nothing.
      const random = new SeededRandom(11);
      let schedule = computed;
      for (let attempt = 0; attempt < 40; attempt++) {
        const operation = schedule.operations[Math.floor(random.next() * schedule.operations.length)]!;
        const resource = factory.resources.find((candidate) => candidate.id === operation.resource)!;
        const machine = resource.machines[Math.floor(random.next() * resource.machines.length)]!;
        const result = new GanttMover(factory, plan, schedule).move({ operation: operation.id, resource: resource.id, machine: machine.id, at: parseInstant(operation.setupStart) + Math.round(random.next() * 1440) });
        if (!result.refused && result.broken.length === 0) schedule = result.schedule;
      }
      expect(schedule).not.toBe(computed);
      const pinned = [0, 3, 7].map((at) => schedule.operations[Math.floor((at / 10) * schedule.operations.length)]!.id);
      const before = startCost(factory, plan, schedule, pinned);
      const run = reoptimizeAroundPins(factory, plan, schedule, { pinned, seed: 1, maxIterations: 150, timeLimitSeconds: Infinity });
      expect(run.schedule.violations).toEqual([]);
      expect(run.pinsMoved).toEqual([]);
      for (const id of pinned) {
        const was = schedule.operations.find((operation) => operation.id === id)!;
        const now = run.schedule.operations.find((operation) => operation.id === id)!;
        expect([now.machine, now.setupStart], id).toEqual([was.machine, was.setupStart]);
      }
      expect(run.schedule.operations.map((operation) => operation.id).sort()).toEqual(schedule.operations.map((operation) => operation.id).sort());
      const after = decode(run.instance, instanceOfSchedule(factory, plan, run.schedule, pinned).decision).cost;
      expect(after).toBeLessThanOrEqual(before);
    }, 60_000);
  }

  it('names a pin the rules cannot hold: a later step pinned before its lot’s earlier step can end', async () => {
    const factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 3 });
    const { plan } = await planMaster(factory, await createHighsSolver(), { timeLimitSeconds: 2 });
    const { schedule } = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 10, timeLimitSeconds: Infinity });
    const later = schedule.operations.find((operation) => schedule.operations.some((other) => other.order === operation.order && other.step < operation.step))!;
    const earlier = schedule.operations.filter((other) => other.order === later.order && other.step < later.step).at(-1)!;
    // Pinned to start before its lot's previous step has even begun.
    const at = formatInstant(parseInstant(earlier.setupStart) - 60);
    const edited: Schedule = { ...schedule, operations: schedule.operations.map((operation) => (operation.id === later.id ? { ...operation, setupStart: at } : operation)) };
    const run = reoptimizeAroundPins(factory, plan, edited, { pinned: [later.id], seed: 1, maxIterations: 20, timeLimitSeconds: Infinity });
    expect(run.pinsMoved.map((moved) => moved.operation)).toEqual([later.id]);
    expect(run.pinsMoved[0]!.from).toBe(at);
    expect(run.schedule.violations).toEqual([]);
  }, 60_000);

  it('refuses a schedule of another plan, and a pin on no operation, saying which', async () => {
    const factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 3 });
    const { plan } = await planMaster(factory, await createHighsSolver(), { timeLimitSeconds: 2 });
    const { schedule } = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 5, timeLimitSeconds: Infinity });
    const stranger: Schedule = { ...schedule, operations: [...schedule.operations, { ...schedule.operations[0]!, id: 'LOT-NOPE-W0-10' }] };
    expect(() => reoptimizeAroundPins(factory, plan, stranger, { pinned: [], maxIterations: 1 })).toThrow(/LOT-NOPE-W0-10 is not among the plan's operations/);
    // An operation of a lot that was not cut into sub-lots (a missing sub-lot reads as a lot cut into fewer).
    const missing = schedule.operations.find((operation) => !/-P\d+-W\d+$/.test(operation.order))!;
    const short: Schedule = { ...schedule, operations: schedule.operations.filter((operation) => operation !== missing) };
    expect(() => reoptimizeAroundPins(factory, plan, short, { pinned: [], maxIterations: 1 })).toThrow(new RegExp(`has no operation ${missing.id}`));
    expect(() => reoptimizeAroundPins(factory, plan, schedule, { pinned: ['GHOST'], maxIterations: 1 })).toThrow(/cannot pin GHOST/);
  }, 60_000);

  it('reads the sub-lots a schedule cut its production into', () => {
    const operation = { id: 'x', order: 'LOT-A-B-P3-W1', item: 'A-B', step: 10, qty: 1, resource: 'R', machine: 'M', setupStart: '', start: '', end: '', setupMinutes: 0, tools: [], operators: 0 };
    const schedule: Schedule = { format: 'ponte.schedule/1', kpis: { makespanMinutes: 0, totalSetupMinutes: 0, totalTardinessMinutes: 0, lateOrders: 0 }, violations: [], operations: [operation, { ...operation, order: 'LOT-A-B-P1-W1' }, { ...operation, order: 'LOT-A-B-W2' }] };
    expect([...splitsOf(schedule)]).toEqual([['A-B|1', 3]]);
  });
});
