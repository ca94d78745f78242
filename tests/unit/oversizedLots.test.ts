import { describe, expect, it } from 'vitest';
import { oversizedLotSplits, scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { buildApsInstance } from '../../src/engine/aps/instance';
import { addMachine, planOfFG, tinyFactory } from '../helpers/tinyFactory';

/** WC with two machines of 2,400 minutes a week; FG at a minute a unit. */
function twoMachines() {
  const factory = tinyFactory();
  addMachine(factory);
  return factory;
}

describe('lots too long for one machine’s week', () => {
  it('are cut across the parallel machines: into as many parts as bring each under half a machine’s week, at most one a machine', () => {
    // Week 1: 3,000 minutes, 1.25 machine-weeks: two parts (three would be under half, but there are two machines).
    // Week 2: 1,000 minutes, under half a week: whole. Week 3: 1,300 minutes, just over half: two parts.
    const instance = buildApsInstance(twoMachines(), planOfFG([0, 3000, 1000, 1300]), { weeks: 4 });
    expect(oversizedLotSplits(instance)).toEqual(new Map([['FG|1', 2], ['FG|3', 2]]));
    // One machine: nothing to run the parts on.
    expect(oversizedLotSplits(buildApsInstance(tinyFactory(), planOfFG([0, 3000]), { weeks: 2 }))).toEqual(new Map());
  });

  it('run on both machines and end within the week; the demo generator’s fixed measure (no splits) keeps them whole', () => {
    const factory = twoMachines();
    const plan = planOfFG([0, 3000]);
    const split = scheduleFrozenWeeks(factory, plan, { week: 1, seed: 1, maxIterations: 0 });
    expect(split.schedule.violations).toEqual([]);
    expect(new Set(split.schedule.operations.map((operation) => operation.machine))).toEqual(new Set(['M1', 'M2']));
    expect(split.schedule.kpis.totalTardinessMinutes).toBe(0);
    const whole = scheduleFrozenWeeks(factory, plan, { week: 1, seed: 1, maxIterations: 0, splitLots: false });
    expect(whole.schedule.operations).toHaveLength(1);
  });
});
