/**
 * Moving an operation on the Gantt: re-timing keeps what it can mend by construction (no overlap,
 * enough setup, the right working minutes, a lot's steps in order), names the rules it cannot
 * (tools, operators, cleanings, campaigns, precede rules), and refuses a machine the routing does
 * not allow. Over random moves on demo schedules of two kinds.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoFactory, type DemoKind } from '../../src/demo/generator';
import { parseInstant } from '../../src/domain/dates';
import { SeededRandom } from '../../src/domain/random';
import { scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { GanttMover } from '../../src/engine/aps/moveOperation';
import { planMaster } from '../../src/engine/masterPlan/index';
import { createHighsSolver } from '../../src/solver/highs';

const MENDED = new Set(['overlap', 'setup', 'duration', 'precedence', 'coverage', 'format']);

describe('moving an operation on the Gantt', () => {
  for (const kind of ['food', 'paint'] as DemoKind[]) {
    it(`${kind} S: keeps every rule re-timing can mend, names the others, refuses a machine the routing does not allow`, async () => {
      const factory = generateDemoFactory({ kind, size: 'S', seed: 2 });
      const { plan } = await planMaster(factory, await createHighsSolver(), { timeLimitSeconds: 2 });
      const { schedule } = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 20, timeLimitSeconds: Infinity });
      expect(schedule.violations).toEqual([]);
      const mover = new GanttMover(factory, plan, schedule);
      const first = schedule.operations[0]!;
      // Dropped where it is: nothing changes, nothing breaks.
      const still = mover.move({ operation: first.id, resource: first.resource, machine: first.machine, at: parseInstant(first.setupStart) });
      expect(still.refused).toBeUndefined();
      expect(still.broken).toEqual([]);
      expect(still.schedule.operations.find((operation) => operation.id === first.id)!.setupStart).toBe(first.setupStart);
      // Another work center's machine.
      const elsewhere = factory.resources.find((resource) => resource.id !== first.resource)!;
      const refused = mover.move({ operation: first.id, resource: elsewhere.id, machine: elsewhere.machines[0]!.id, at: parseInstant(first.setupStart) });
      expect(refused.refused).toMatch(new RegExp(`cannot run ${first.item} step ${first.step}`));
      const random = new SeededRandom(7);
      let moved = 0;
      for (let attempt = 0; attempt < 30; attempt++) {
        const operation = schedule.operations[Math.floor(random.next() * schedule.operations.length)]!;
        const resource = factory.resources.find((candidate) => candidate.id === operation.resource)!;
        const machine = resource.machines[Math.floor(random.next() * resource.machines.length)]!;
        const at = parseInstant(operation.setupStart) + Math.round((random.next() - 0.3) * 2 * 1440);
        const result = mover.move({ operation: operation.id, resource: resource.id, machine: machine.id, at });
        if (result.refused) continue;
        moved++;
        const where = `${kind}: ${operation.id} to ${machine.id} at ${at}`;
        expect(result.schedule.violations.filter((violation) => MENDED.has((violation as { rule: string }).rule)), where).toEqual([]);
        for (const violation of result.broken) expect(MENDED.has(violation.rule), where).toBe(false);
        const after = result.schedule.operations.find((candidate) => candidate.id === operation.id)!;
        expect(after.machine, where).toBe(machine.id);
        expect(result.schedule.operations).toHaveLength(schedule.operations.length);
      }
      expect(moved).toBeGreaterThan(5);
    }, 60_000);
  }
});
