/**
 * Where the schedule search starts: a lot for a firm order due early in its week goes first when
 * the decoder prices that lower, where the constructive sort (setup group before due date) put it
 * last and late.
 */
import { describe, expect, it } from 'vitest';
import { decode, DEFAULT_WEIGHTS } from '../../src/engine/aps/decoder';
import { buildApsInstance, firmOrderDues } from '../../src/engine/aps/instance';
import { constructiveDecision, startingSchedule } from '../../src/engine/aps/search';
import type { Factory, Plan } from '../../src/domain/types';
import { planOfFG, tinyFactory } from '../helpers/tinyFactory';

function twoItems(): { factory: Factory; plan: Plan } {
  const factory = tinyFactory();
  factory.items.push({ ...factory.items[0]!, id: 'FG2', name: 'Second good' });
  factory.boms.push({ parent: 'FG2', component: 'RM', qtyPer: 1 });
  factory.routings.push({ item: 'FG2', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] });
  // Due Tuesday: 200 minutes of work, behind 2,000 minutes of FG if FG runs first.
  factory.orders = [{ id: 'SO-1', item: 'FG2', qty: 200, due: '2026-12-01' }];
  const plan = planOfFG([2000]);
  plan.production.push({ item: 'FG2', week: 0, qty: 200 });
  return { factory, plan };
}

describe('the schedule search start', () => {
  it('puts the lot due early in its week first, both lots on time, where the constructive sort had it late', () => {
    const { factory, plan } = twoItems();
    const instance = buildApsInstance(factory, plan, { week: 0, dues: firmOrderDues(factory, plan) });
    expect(decode(instance, constructiveDecision(instance), DEFAULT_WEIGHTS).lateLots).toBe(1);
    const start = startingSchedule(instance, DEFAULT_WEIGHTS);
    expect(start.schedule.lateLots).toBe(0);
    const first = start.schedule.sequences[0]![0]!;
    expect(instance.operations[first]!.item).toBe('FG2');
  });

  it('keeps the constructive order where no lot is due before its week ends', () => {
    const { factory, plan } = twoItems();
    factory.orders = [];
    const instance = buildApsInstance(factory, plan, { week: 0, dues: firmOrderDues(factory, plan) });
    expect(startingSchedule(instance, DEFAULT_WEIGHTS).decision.priority).toEqual(constructiveDecision(instance).priority);
  });
});
