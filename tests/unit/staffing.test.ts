import { describe, expect, it } from 'vitest';
import { CompiledCalendar } from '../../src/domain/calendar';
import { MINUTES_PER_DAY, parseDate } from '../../src/domain/dates';
import type { Calendar, Factory, Plan } from '../../src/domain/types';
import { scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { apsInstanceBuilder, buildApsInstance, type ApsInstance } from '../../src/engine/aps/instance';
import { staffedStretches, usualStaffedStretch } from '../../src/engine/aps/staffing';
import { checkSchedule } from '../../src/engine/scheduleCheck';
import { START, tinyFactory } from '../helpers/tinyFactory';

const monday = parseDate(START);
const week = { firstDay: monday, endDay: monday + 14 };
const compiled = (shifts: Calendar['shifts']) => new CompiledCalendar({ id: 'C', shifts }, week);
const weekdays = [1, 2, 3, 4, 5];
const from = monday * MINUTES_PER_DAY;
const to = (monday + 7) * MINUTES_PER_DAY;

describe('staffed stretches', () => {
  it('are the crew shifts where the crew works a day shift on a two-shift machine', () => {
    const machine = compiled([{ days: weekdays, from: '06:00', to: '22:00' }]);
    expect(staffedStretches(machine, compiled([{ days: weekdays, from: '07:00', to: '15:30' }]), from, to)).toEqual([510, 510, 510, 510, 510]);
  });

  it('span the nights a machine stands still while the crew is there around the clock', () => {
    const machine = compiled([{ days: weekdays, from: '06:00', to: '22:00' }]);
    const crew = compiled([{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }]);
    expect(staffedStretches(machine, crew, from, to)).toEqual([5 * 960]);
  });

  it('add up the machine shifts the crew covers and stop where the machine works unstaffed', () => {
    const machine = compiled([
      { days: weekdays, from: '06:00', to: '09:00' },
      { days: weekdays, from: '09:30', to: '12:00' },
      { days: weekdays, from: '13:00', to: '21:45' },
    ]);
    expect(usualStaffedStretch(machine, compiled([{ days: weekdays, from: '07:00', to: '15:30' }]), from, to)).toBe(120 + 150 + 150);
  });

  it('are none when the crew never works while the machine does', () => {
    const machine = compiled([{ days: weekdays, from: '06:00', to: '14:00' }]);
    const crew = compiled([{ days: weekdays, from: '14:00', to: '22:00' }]);
    expect(staffedStretches(machine, crew, from, to)).toEqual([]);
    expect(usualStaffedStretch(machine, crew, from, to)).toBe(0);
  });

  it('are sized by the usual one, not by a long Saturday of overtime', () => {
    const machine = compiled([{ days: weekdays, from: '06:00', to: '22:00' }, { days: [6], from: '06:00', to: '24:00' }]);
    const crew = compiled([{ days: weekdays, from: '07:00', to: '15:30' }, { days: [6], from: '06:00', to: '24:00' }]);
    expect(staffedStretches(machine, crew, from, to)).toEqual([510, 510, 510, 510, 510, 1080]);
    expect(usualStaffedStretch(machine, crew, from, to)).toBe(510);
  });
});

/** One two-shift machine (06:00 to 22:00) run by a day crew (07:00 to 15:30); L1 needs an operator. */
function crewFactory(qty: number, configure: (factory: Factory) => void = () => undefined): { factory: Factory; plan: Plan } {
  const factory = tinyFactory();
  factory.calendars.push({ id: 'TWO', shifts: [{ days: weekdays, from: '06:00', to: '22:00' }] }, { id: 'CREW', shifts: [{ days: weekdays, from: '07:00', to: '15:30' }] });
  factory.resources[0]!.calendar = 'TWO';
  factory.laborPools = [{ id: 'OPS', name: 'Operators', calendar: 'CREW', headcount: 1 }];
  factory.policy.laborPool = 'OPS';
  factory.items = factory.items.filter((item) => item.type !== 'finished');
  factory.items.push({ id: 'L1', name: 'Lot 1', type: 'finished', family: 'FAM', uom: 'pc', price: 10, unitCost: 5, holdingCostPerWeek: 0, onHand: 0 });
  factory.boms = [];
  factory.routings = [{ item: 'L1', steps: [{ step: 10, resource: 'WC', runMinutesPerUnit: 1, setupMinutes: 30, operators: 1 }] }];
  configure(factory);
  const plan = { format: 'ponte.plan/1', status: 'feasible', objective: 0, production: [{ item: 'L1', week: 0, qty }], purchases: [], constrainedDemand: [], capacity: [], changes: [], stats: { variables: 0, constraints: 0, solveSeconds: 0, solver: 'test' } } as Plan;
  return { factory, plan };
}

describe('lots and the crew shifts', () => {
  it('cuts a lot longer than the crew shift into parts that each fit one shift', () => {
    // 1,200 minutes of work against 510-minute crew shifts: three parts of 400 units and a setup.
    const { factory, plan } = crewFactory(1200);
    const run = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 20 });
    expect(run.schedule.violations).toEqual([]);
    expect(checkSchedule(factory, plan, run.schedule)).toEqual([]);
    expect(run.schedule.operations.map((operation) => operation.qty)).toEqual([400, 400, 400]);
    for (const operation of run.schedule.operations) {
      expect(operation.setupStart.slice(11)).toBe('07:00');
      expect(operation.end <= `${operation.setupStart.slice(0, 10)}T15:30`).toBe(true);
    }
  });

  it('keeps a lot whole when it fits the crew shift', () => {
    const { factory, plan } = crewFactory(480);
    const run = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 20 });
    expect(run.schedule.violations).toEqual([]);
    expect(run.schedule.operations).toHaveLength(1);
  });

  it('says why a step cannot be staffed', () => {
    const unplaced = (setup: { factory: Factory; plan: Plan }) =>
      scheduleFrozenWeeks(setup.factory, setup.plan, { seed: 1, maxIterations: 5 }).schedule.violations.filter((violation) => (violation as { rule: string }).rule === 'unplaced').map((violation) => (violation as { message: string }).message);
    const tooMany = crewFactory(100, (factory) => (factory.routings[0]!.steps[0]!.operators = 2));
    expect(unplaced(tooMany)).toEqual([
      'LOT-L1-W0-10 could not be placed: it needs 2 operators and pool OPS has 1',
    ]);
    const nightCrew = crewFactory(100, (factory) => (factory.calendars.find((calendar) => calendar.id === 'CREW')!.shifts = [{ days: weekdays, from: '22:00', to: '24:00' }]));
    expect(unplaced(nightCrew)).toEqual([
      'LOT-L1-W0-10 could not be placed: no stretch its machines work while pool OPS is on shift is long enough for it, even cut into 50 (the usual one is 0 min)',
    ]);
  });

  it('leaves a machine the crew cannot staff long enough to the machines it can', () => {
    // M2 works 06:00 to 08:00: its 60 staffed minutes would take seven parts where M1 takes the lot whole.
    const { factory, plan } = crewFactory(100, (f) => {
      f.calendars.push({ id: 'SHORT', shifts: [{ days: weekdays, from: '06:00', to: '08:00' }] });
      f.resources[0]!.machines.push({ id: 'M2', calendar: 'SHORT' });
      f.routings[0]!.steps[0]!.runMinutesPerUnit = 2;
    });
    const run = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 20 });
    expect(run.schedule.violations).toEqual([]);
    expect(run.schedule.operations.map((operation) => operation.machine)).toEqual(['M1']);
  });

  it('is fitted again for each cut of the week a builder makes: a machine taken from the whole lot stays eligible for its parts', () => {
    // As above: whole, the lot runs on M1 alone; cut in ten (50 minutes with the setup), each part fits M2's 60 minutes too.
    const { factory, plan } = crewFactory(100, (f) => {
      f.calendars.push({ id: 'SHORT', shifts: [{ days: weekdays, from: '06:00', to: '08:00' }] });
      f.resources[0]!.machines.push({ id: 'M2', calendar: 'SHORT' });
      f.routings[0]!.steps[0]!.runMinutesPerUnit = 2;
    });
    const tenParts = new Map([['L1|0', 10]]);
    const shape = (instance: ApsInstance) => ({ origin: instance.origin, lots: instance.lots, operations: instance.operations.map((operation) => ({ ...operation, eligible: [...operation.eligible] })) });
    const build = apsInstanceBuilder(factory, plan);
    const whole = build();
    expect(whole.operations.map((operation) => [...operation.eligible.keys()])).toEqual([[0]]);
    const cut = build(tenParts);
    expect(cut.operations).toHaveLength(10);
    for (const operation of cut.operations) expect([...operation.eligible.keys()]).toEqual([0, 1]);
    expect(shape(cut)).toEqual(shape(buildApsInstance(factory, plan, { splits: tenParts })));
    expect(shape(build())).toEqual(shape(whole));
  });
});
