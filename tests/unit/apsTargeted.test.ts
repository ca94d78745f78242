/**
 * What the schedule search takes out each iteration: where lots run late, often their operations
 * (the search then works where the tardiness is); where none does, the same draw as ever, so a
 * schedule on time is searched exactly as before and the demo generator's measure stays fixed.
 */
import { describe, expect, it } from 'vitest';
import { decode, DEFAULT_WEIGHTS } from '../../src/engine/aps/decoder';
import { buildApsInstance, firmOrderDues, type ApsInstance } from '../../src/engine/aps/instance';
import { constructiveDecision, lateLotOperations, operationsToRemove } from '../../src/engine/aps/search';
import { SeededRandom } from '../../src/domain/random';
import type { Factory, Plan } from '../../src/domain/types';
import { addGood, planOfFG, tinyFactory } from '../helpers/tinyFactory';

/** Two machines: FG (1,500 minutes), LATE (200 minutes, for an order due on Monday, the week's first day) and five goods of 100 minutes due at the week's end. */
function weekWithLateLot(orders = true): { factory: Factory; plan: Plan; instance: ApsInstance } {
  const factory = tinyFactory();
  factory.resources[0]!.machines.push({ id: 'M2' });
  const plan = planOfFG([1500]);
  for (const id of ['LATE', 'G1', 'G2', 'G3', 'G4', 'G5']) {
    addGood(factory, id);
    factory.routings.push({ item: id, steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] });
    plan.production.push({ item: id, week: 0, qty: id === 'LATE' ? 200 : 100 });
  }
  factory.routings[0]!.steps[0]!.setupGroup = 'a';
  if (orders) factory.orders = [{ id: 'SO-1', item: 'LATE', qty: 200, due: '2026-11-30' }];
  const instance = buildApsInstance(factory, plan, { week: 0, dues: firmOrderDues(factory, plan) });
  return { factory, plan, instance };
}

function lateStart(instance: ApsInstance) {
  // LATE after FG on FG's machine: due at Monday's end, it ends on Tuesday.
  const decision = constructiveDecision(instance);
  const late = instance.operations.findIndex((operation) => operation.item === 'LATE');
  const fg = instance.operations.findIndex((operation) => operation.item === 'FG');
  decision.machineOf[late] = decision.machineOf[fg]!;
  const priority = [fg, ...decision.priority.filter((index) => index !== fg && index !== late), late];
  return { decision: { machineOf: decision.machineOf, priority }, late };
}

describe('the operations an iteration of the schedule search takes out', () => {
  it('names the operations of the lots that end after they are due, and no pinned one', () => {
    const { instance } = weekWithLateLot();
    const { decision, late } = lateStart(instance);
    const schedule = decode(instance, decision, DEFAULT_WEIGHTS);
    expect(schedule.lateLots).toBe(1);
    expect(lateLotOperations(instance, schedule)).toEqual([late]);
    instance.pins.set(late, { machine: decision.machineOf[late]!, at: instance.origin });
    expect(lateLotOperations(instance, schedule)).toEqual([]);
  });

  it('takes the late lot’s operation out far more often than a draw at random does', () => {
    const { instance } = weekWithLateLot();
    const { decision, late } = lateStart(instance);
    const current = { decision, schedule: decode(instance, decision, DEFAULT_WEIGHTS) };
    const share = (targeted: boolean) => {
      const random = new SeededRandom(11);
      let hits = 0;
      for (let draw = 0; draw < 400; draw++) {
        const removed = operationsToRemove(instance, current, 2, random, targeted);
        expect(removed).toHaveLength(2);
        expect(new Set(removed).size).toBe(2);
        if (removed.includes(late)) hits++;
      }
      return hits / 400;
    };
    // Seven operations, two drawn: 2/7 at random; half the draws from the late lot, topped up at random.
    expect(share(false)).toBeLessThan(0.4);
    expect(share(true)).toBeGreaterThan(0.55);
  });

  it('draws as it always did where no lot is late, and where the caller asks for random draws only', () => {
    for (const [orders, targeted] of [
      [false, true],
      [true, false],
    ] as const) {
      const { instance } = weekWithLateLot(orders);
      const { decision } = lateStart(instance);
      const current = { decision, schedule: decode(instance, decision, DEFAULT_WEIGHTS) };
      expect(current.schedule.lateLots).toBe(orders ? 1 : 0);
      const ours = new SeededRandom(5);
      const plain = new SeededRandom(5);
      for (let draw = 0; draw < 20; draw++) expect(operationsToRemove(instance, current, 3, ours, targeted)).toEqual(plain.sample(decision.priority, 3));
    }
  });
});
