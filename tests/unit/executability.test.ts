import { describe, expect, it } from 'vitest';
import { executability, heldUpFactors } from '../../src/engine/aps/executability';
import { scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { checkSchedule } from '../../src/engine/scheduleCheck';
import { planOfFG, tinyFactory, withIntermediate } from '../helpers/tinyFactory';

describe('scheduling any week of a plan', () => {
  it('schedules week N alone: released at its start, covered and checked like week 0', () => {
    const factory = tinyFactory();
    const plan = planOfFG([1000, 0, 0, 1500]);
    const run = scheduleFrozenWeeks(factory, plan, { week: 3, seed: 1, maxIterations: 5 });
    expect(run.schedule.violations).toEqual([]);
    expect(run.schedule.operations).toHaveLength(1);
    expect(run.schedule.operations[0]).toMatchObject({ order: 'LOT-FG-W3', qty: 1500, setupStart: '2026-12-21T08:00' });
    expect(checkSchedule(factory, plan, run.schedule, { week: 3 })).toEqual([]);
    // The check knows which week it covers: against week 0 the same schedule is wrong.
    expect(checkSchedule(factory, plan, run.schedule, { week: 0 }).map((violation) => violation.rule)).toContain('coverage');
  });
});

describe('executability of the weeks a plan releases', () => {
  it('counts on-time lots and quantity week by week: a week that fits, and one that does not', () => {
    const result = executability(tinyFactory(), planOfFG([2000, 3000, 0]), { weeksAhead: 3, seed: 1, maxIterations: 5 });
    expect(result.weeks.map(({ week, lots, lotsOnTime, qty, qtyOnTime }) => ({ week, lots, lotsOnTime, qty, qtyOnTime }))).toEqual([
      { week: 0, lots: 1, lotsOnTime: 1, qty: 2000, qtyOnTime: 2000 },
      { week: 1, lots: 1, lotsOnTime: 0, qty: 3000, qtyOnTime: 0 },
      { week: 2, lots: 0, lotsOnTime: 0, qty: 0, qtyOnTime: 0 },
    ]);
    expect(result.lotShare).toBe(0.5);
    expect(result.qtyShare).toBe(0.4);
    // What customers would get late, per item: week 1's whole lot of FG.
    expect([...result.finishedLateByItem]).toEqual([['FG', 3000]]);
    // 600 minutes of work spill into the next week: Monday 08:00-16:00 and Tuesday 08:00-10:00,
    // due at Monday 00:00: 34 hours late.
    expect(result.weeks[1]!.tardinessMinutes).toBe(34 * 60);
  });
});

describe('what a late component lot holds up', () => {
  it('is the finished units it goes into, shared evenly between its parents, nothing for what nothing consumes', () => {
    const factors = heldUpFactors(withIntermediate());
    expect(factors.get('FG')).toBe(1);
    // Half to FG at 2 a unit, half to FG2 at 4 a unit: 0.25 + 0.125.
    expect(factors.get('INT')).toBe(0.375);
    expect(factors.get('RM')).toBe(0.375);
    // Weighted by what a finished unit is worth (the service bench: value held up): 10 / 2 / 2 + 30 / 4 / 2.
    const value = heldUpFactors(withIntermediate(), (item) => (item === 'FG' ? 10 : 30));
    expect(value.get('FG2')).toBe(30);
    expect(value.get('INT')).toBe(6.25);
  });

  it('is counted for the week whose component lot runs late, and no finished quantity is late', () => {
    // 3,000 minutes of INT against a 2,400-minute week: the lot runs late and holds up 3,000 × 0.375 finished units.
    const plan = { ...planOfFG([]), production: [{ item: 'INT', week: 1, qty: 3000 }] };
    const result = executability(withIntermediate(), plan, { weeksAhead: 2, seed: 1, maxIterations: 5 });
    expect(result.weeks[1]).toMatchObject({ lots: 1, lotsOnTime: 0, finishedQty: 0, heldUpQty: 1125 });
    expect(result.finishedLateByItem.size).toBe(0);
    expect(result.componentLateByItem).toEqual(new Map([['INT', 3000]]));
  });
});
