/**
 * Where the schedule search starts: a lot for a firm order due early in its week goes first when
 * the decoder prices that lower, where the constructive sort (setup group before due date) put it
 * last and late; a later step takes its lots in the order their earlier step ends; a tool's work
 * stays on as many machines as it has copies.
 */
import { describe, expect, it } from 'vitest';
import { decode, DEFAULT_WEIGHTS } from '../../src/engine/aps/decoder';
import { buildApsInstance, firmOrderDues } from '../../src/engine/aps/instance';
import { constructiveDecision, startingSchedule, workingMinutesOfMachines } from '../../src/engine/aps/search';
import type { Factory, Plan } from '../../src/domain/types';
import { addGood, addMachine, planOfFG, tinyFactory } from '../helpers/tinyFactory';

function twoItems(): { factory: Factory; plan: Plan } {
  const factory = tinyFactory();
  addGood(factory, 'FG2');
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

/** Two goods through UP then DOWN, 700 minutes a step each; UP runs FG first, DOWN (by its setup groups) FG2 first. */
function twoSteps(): { factory: Factory; plan: Plan } {
  const factory = tinyFactory();
  addGood(factory, 'FG2');
  factory.resources = [
    { id: 'UP', name: 'Mixing', calendar: 'DAY', efficiency: 1, machines: [{ id: 'U1' }] },
    { id: 'DOWN', name: 'Filling', calendar: 'DAY', efficiency: 1, machines: [{ id: 'D1' }] },
  ];
  const steps = (up: string, down: string) => [
    { step: 10, resource: 'UP', runMinutesPerUnit: 1, setupMinutes: 0, setupGroup: up },
    { step: 20, resource: 'DOWN', runMinutesPerUnit: 1, setupMinutes: 0, setupGroup: down },
  ];
  factory.routings = [
    { item: 'FG', steps: steps('a', 'z') },
    { item: 'FG2', steps: steps('b', 'y') },
  ];
  const plan = planOfFG([700]);
  plan.production.push({ item: 'FG2', week: 0, qty: 700 });
  return { factory, plan };
}

describe('the schedule search start, later steps', () => {
  it('takes a later step’s lots in the order their earlier step ends: no machine waits while a lot stands ready', () => {
    const { factory, plan } = twoSteps();
    const instance = buildApsInstance(factory, plan, { week: 0 });
    const constructive = decode(instance, constructiveDecision(instance), DEFAULT_WEIGHTS);
    // Setup-group order: DOWN waits for FG2 (ready at 1,400 working minutes) with FG ready at 700; FG ends at 2,800 of a 2,400-minute week.
    expect(constructive.lateLots).toBe(1);
    const start = startingSchedule(instance, DEFAULT_WEIGHTS);
    expect(start.schedule.lateLots).toBe(0);
    const down = start.schedule.sequences[1]!.map((index) => instance.operations[index]!.item);
    expect(down).toEqual(['FG', 'FG2']);
  });

  it('keeps a shared tool’s work on as many machines as it has copies when that schedules better', () => {
    const factory = tinyFactory();
    addMachine(factory);
    for (const id of ['FG2', 'FG3', 'FG4']) addGood(factory, id);
    // FG and FG3 share one set of format parts. Spread by load alone, FG3 goes to the other machine,
    // waits there for the tool until FG ends at 1,800, and FG4 queues behind it past the week's end.
    factory.tools = [{ id: 'TL', name: 'Format parts', quantity: 1 }];
    const step = (tools: string[]) => [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0, tools }];
    factory.routings = [
      { item: 'FG', steps: step(['TL']) },
      { item: 'FG2', steps: step([]) },
      { item: 'FG3', steps: step(['TL']) },
      { item: 'FG4', steps: step([]) },
    ];
    const plan = planOfFG([1800]);
    plan.production.push({ item: 'FG2', week: 0, qty: 300 }, { item: 'FG3', week: 0, qty: 500 }, { item: 'FG4', week: 0, qty: 800 });
    const instance = buildApsInstance(factory, plan, { week: 0 });
    const spread = decode(instance, constructiveDecision(instance), DEFAULT_WEIGHTS);
    const kept = decode(instance, constructiveDecision(instance, true), DEFAULT_WEIGHTS);
    expect(spread.lateLots).toBe(1);
    expect(kept.lateLots).toBe(0);
    const machineOf = (item: string) => kept.timed.find((timed) => instance.operations[timed.operation]!.item === item)!.machine;
    expect(machineOf('FG3')).toBe(machineOf('FG'));
    expect(startingSchedule(instance, DEFAULT_WEIGHTS).schedule.cost).toBeLessThanOrEqual(kept.cost);
  });
});

describe('the schedule search start, machines of different hours', () => {
  it('gives each machine of a work center work in proportion to its calendar, where the same minutes each ran the day-shift machine past its week', () => {
    // WC: M1 on two shifts (4,800 minutes a week), M2 on the day shift (2,400). Four lots of 1,500
    // minutes: the same minutes each leave M2 3,000, past its week; by calendar M1 takes 4,500.
    const factory = tinyFactory();
    factory.calendars.push({ id: 'TWO', shifts: [{ days: [1, 2, 3, 4, 5], from: '06:00', to: '22:00' }] });
    factory.resources[0] = { ...factory.resources[0]!, calendar: 'TWO', machines: [{ id: 'M1' }, { id: 'M2', calendar: 'DAY' }] };
    for (const id of ['FG2', 'FG3', 'FG4']) addGood(factory, id);
    factory.routings = ['FG', 'FG2', 'FG3', 'FG4'].map((item) => ({ item, steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 0 }] }));
    const plan = planOfFG([1500]);
    plan.production.push({ item: 'FG2', week: 0, qty: 1500 }, { item: 'FG3', week: 0, qty: 1500 }, { item: 'FG4', week: 0, qty: 1500 });
    const instance = buildApsInstance(factory, plan, { week: 0 });
    expect(decode(instance, constructiveDecision(instance), DEFAULT_WEIGHTS).lateLots).toBe(1);
    const byCalendar = decode(instance, constructiveDecision(instance, false, workingMinutesOfMachines(instance)), DEFAULT_WEIGHTS);
    expect(byCalendar.lateLots).toBe(0);
    const onDayShift = byCalendar.timed.filter((timed) => instance.machines[timed.machine]!.id === 'M2').length;
    expect(onDayShift).toBe(1);
    expect(startingSchedule(instance, DEFAULT_WEIGHTS).schedule.lateLots).toBe(0);
  });
});
