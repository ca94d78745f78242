import { describe, expect, it } from 'vitest';
import { exactMakespan, generateVallada, kernelLayoutOf, makespanLowerBound, makespanOf, type ParallelMachineInstance } from '../../scripts/bench/vallada';
import { ReferenceKernel } from '../../src/engine/aps/kernel/reference';
import { sequenceMachines } from '../../src/engine/aps/machineSequences';

/** Every assignment of jobs to machines, every order on each: the optimum by definition. */
function bruteForceMakespan(instance: ParallelMachineInstance): number {
  const permutations = (jobs: number[]): number[][] => (jobs.length <= 1 ? [jobs] : jobs.flatMap((job, i) => permutations([...jobs.slice(0, i), ...jobs.slice(i + 1)]).map((rest) => [job, ...rest])));
  let best = Infinity;
  for (let code = 0; code < instance.machines ** instance.jobs; code++) {
    const assigned: number[][] = Array.from({ length: instance.machines }, () => []);
    for (let job = 0, rest = code; job < instance.jobs; job++, rest = Math.floor(rest / instance.machines)) assigned[rest % instance.machines]!.push(job);
    let makespan = 0;
    assigned.forEach((jobs, machine) => {
      const alone = (sequence: number[]) => makespanOf(instance, assigned.map((_, other) => (other === machine ? sequence : [])));
      makespan = Math.max(makespan, Math.min(...permutations(jobs).map(alone)));
    });
    best = Math.min(best, makespan);
  }
  return best;
}

describe('the Vallada & Ruiz style bench instances', () => {
  it('draws processing times in [1, 99] and setups in [1, S], the same for the same seed', () => {
    const instance = generateVallada(10, 3, 49, 5);
    expect(Math.min(...instance.processing)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...instance.processing)).toBeLessThanOrEqual(99);
    expect(Math.max(...instance.setup)).toBeLessThanOrEqual(49);
    expect(generateVallada(10, 3, 49, 5)).toStrictEqual(instance);
  });

  it('finds the exact optimum that enumeration finds, and the lower bound stays below it', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const instance = generateVallada(5, 2 + (seed % 2), [9, 49, 99, 124][seed % 4]!, seed);
      const optimum = exactMakespan(instance);
      expect(optimum).toBe(bruteForceMakespan(instance));
      expect(makespanLowerBound(instance)).toBeLessThanOrEqual(optimum);
    }
  });

  it('lets the kernel-only sequencer reach the optimum of small instances', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const instance = generateVallada(8, 2 + (seed % 4), [9, 49, 99, 124][seed % 4]!, 100 + seed);
      const layout = kernelLayoutOf(instance);
      const result = sequenceMachines(layout, new ReferenceKernel(layout), { seed, maxIterations: 3000, lowerBound: exactMakespan(instance), weights: { tardiness: 0, setup: 0, makespan: 1 }, origin: 0 });
      expect(result.sequences.flat().sort((a, b) => a - b)).toEqual([...Array(8).keys()]);
      expect(makespanOf(instance, result.sequences)).toBe(result.makespan);
      expect(result.makespan).toBe(exactMakespan(instance));
    }
  });

  it('on a large instance, takes half of what it removes from the machines that end last: 50×15 reaches 51 in 8,000 iterations (52 when every job was equally likely)', () => {
    const instance = generateVallada(50, 15, 49, 7 * 50 + 3 * 15 + 49);
    const layout = kernelLayoutOf(instance);
    const result = sequenceMachines(layout, new ReferenceKernel(layout), { seed: 1, maxIterations: 8000, timeLimitSeconds: Infinity, weights: { tardiness: 0, setup: 0, makespan: 1 }, origin: 0 });
    expect(makespanOf(instance, result.sequences)).toBe(result.makespan);
    expect(result.makespan).toBeLessThanOrEqual(51);
  }, 60_000);

  it('prices insertions in constant time exactly as re-timing them in the kernel would', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const instance = generateVallada(40, 4 + seed, [9, 49, 99, 124][seed % 4]!, 200 + seed);
      const layout = kernelLayoutOf(instance);
      const run = (retimeEveryInsertion: boolean) =>
        sequenceMachines(layout, new ReferenceKernel(layout), { seed, maxIterations: 40, retimeEveryInsertion, weights: { tardiness: 0, setup: 1, makespan: 10 }, origin: 0 });
      const constantTime = run(false);
      const retimed = run(true);
      // Same path: the same sequences after the same number of priced moves, only cheaper.
      expect(constantTime.sequences).toEqual(retimed.sequences);
      expect(constantTime.cost).toBe(retimed.cost);
      expect(constantTime.evaluations).toBe(retimed.evaluations);
      expect(constantTime.totalSetup).toBe(retimed.totalSetup);
      expect(makespanOf(instance, constantTime.sequences)).toBe(constantTime.makespan);
    }
  });
});
