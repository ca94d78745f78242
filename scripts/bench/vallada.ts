/**
 * Unrelated parallel machines with machine- and sequence-dependent setup times, minimum
 * makespan (R|S_ijk|Cmax), generated as in Vallada & Ruiz (2011): processing times uniform in
 * [1, 99], setups uniform in [1, S] for S in 9, 49, 99, 124. The first job on a machine has no
 * setup. Also: the exact optimum of small instances by dynamic programming over job subsets,
 * and a lower bound for large ones.
 */
import { SeededRandom } from '../../src/domain/random';
import { withoutSequenceRules, type KernelLayout } from '../../src/engine/aps/kernel/layout';

export interface ParallelMachineInstance {
  jobs: number;
  machines: number;
  maxSetup: number;
  /** processing[machine * jobs + job] */
  processing: Int32Array;
  /** setup[(machine * jobs + from) * jobs + to] */
  setup: Int32Array;
}

export function generateVallada(jobs: number, machines: number, maxSetup: number, seed: number): ParallelMachineInstance {
  const random = new SeededRandom(seed);
  const processing = Int32Array.from({ length: machines * jobs }, () => random.int(1, 99));
  const setup = Int32Array.from({ length: machines * jobs * jobs }, () => random.int(1, maxSetup));
  return { jobs, machines, maxSetup, processing, setup };
}

/** The instance as the sequence kernel reads it: one group per job, no calendars, no due dates. */
export function kernelLayoutOf(instance: ParallelMachineInstance): KernelLayout {
  const { jobs, machines } = instance;
  // Each machine its own matrix: the instance's rows, then a row of zeros for the first job.
  const setup = new Float64Array(machines * (jobs + 1) * jobs);
  for (let machine = 0; machine < machines; machine++) setup.set(instance.setup.subarray(machine * jobs * jobs, (machine + 1) * jobs * jobs), machine * (jobs + 1) * jobs);
  return {
    operations: jobs,
    machines,
    due: new Float64Array(jobs).fill(Number.MAX_VALUE),
    weight: new Float64Array(jobs),
    release: new Float64Array(jobs),
    group: Int32Array.from({ length: jobs }, (_, job) => job),
    work: Float64Array.from(instance.processing),
    setup,
    setupOffset: Int32Array.from({ length: machines }, (_, machine) => machine * (jobs + 1) * jobs),
    setupWidth: new Int32Array(machines).fill(jobs),
    ...withoutSequenceRules(jobs, machines, setup.length),
    calendarOffset: new Int32Array(machines + 1),
    calendarStart: new Float64Array(0),
    calendarEnd: new Float64Array(0),
    calendarBefore: new Float64Array(0),
    calendarAfter: new Float64Array(0),
  };
}

/** Makespan of given machine sequences, straight from the definition (to check a search's claim). */
export function makespanOf(instance: ParallelMachineInstance, sequences: number[][]): number {
  const { jobs } = instance;
  let makespan = 0;
  sequences.forEach((sequence, machine) => {
    let t = 0;
    sequence.forEach((job, position) => {
      if (position > 0) t += instance.setup[(machine * jobs + sequence[position - 1]!) * jobs + job]!;
      t += instance.processing[machine * jobs + job]!;
    });
    makespan = Math.max(makespan, t);
  });
  return makespan;
}

/**
 * The optimum: for each machine the shortest completion of every job subset (a Held-Karp
 * recursion over subset and last job), then the best split of the jobs over the machines
 * (F_k(S) = min over T ⊆ S of max(F_{k-1}(S \ T), c_k(T))). 3^n·m steps: fine up to n ≈ 14.
 */
export function exactMakespan(instance: ParallelMachineInstance): number {
  const { jobs, machines } = instance;
  if (jobs > 16) throw new RangeError(`exact makespan by enumeration is for small instances, not ${jobs} jobs`);
  const full = (1 << jobs) - 1;
  const completion: Float64Array[] = [];
  for (let machine = 0; machine < machines; machine++) {
    const ending = new Float64Array((full + 1) * jobs).fill(Infinity);
    const best = new Float64Array(full + 1).fill(Infinity);
    best[0] = 0;
    for (let set = 1; set <= full; set++) {
      for (let last = 0; last < jobs; last++) {
        if (!(set & (1 << last))) continue;
        const rest = set & ~(1 << last);
        const p = instance.processing[machine * jobs + last]!;
        let value: number;
        if (rest === 0) value = p;
        else {
          value = Infinity;
          for (let previous = 0; previous < jobs; previous++) {
            if (!(rest & (1 << previous))) continue;
            const candidate = ending[rest * jobs + previous]! + instance.setup[(machine * jobs + previous) * jobs + last]! + p;
            if (candidate < value) value = candidate;
          }
        }
        ending[set * jobs + last] = value;
        if (value < best[set]!) best[set] = value;
      }
    }
    completion.push(best);
  }
  let split = completion[0]!;
  for (let machine = 1; machine < machines; machine++) {
    const own = completion[machine]!;
    const next = new Float64Array(full + 1);
    for (let set = 0; set <= full; set++) {
      let value = split[set]!;
      // Every non-empty subset T of `set` goes to this machine.
      for (let part = set; part > 0; part = (part - 1) & set) {
        const candidate = Math.max(split[set & ~part]!, own[part]!);
        if (candidate < value) value = candidate;
      }
      next[set] = value;
    }
    split = next;
  }
  return split[full]!;
}

/**
 * A lower bound on the makespan: every job costs at least its shortest processing time a_j,
 * and unless it is first on its machine also the cheapest setup into it, b_j = min over
 * machines of p_ij + min_k S_ikj. At most m jobs are first, so the machines' total load is at
 * least Σ b_j minus the m largest (b_j − a_j); the makespan is at least that over m, and at
 * least the longest a_j.
 */
export function makespanLowerBound(instance: ParallelMachineInstance): number {
  const { jobs, machines } = instance;
  const savings: number[] = [];
  let total = 0;
  let longest = 0;
  for (let job = 0; job < jobs; job++) {
    let shortest = Infinity;
    let withSetup = Infinity;
    for (let machine = 0; machine < machines; machine++) {
      const p = instance.processing[machine * jobs + job]!;
      let cheapest = Infinity;
      for (let from = 0; from < jobs; from++) if (from !== job) cheapest = Math.min(cheapest, instance.setup[(machine * jobs + from) * jobs + job]!);
      shortest = Math.min(shortest, p);
      withSetup = Math.min(withSetup, p + (Number.isFinite(cheapest) ? cheapest : 0));
    }
    total += withSetup;
    savings.push(withSetup - shortest);
    longest = Math.max(longest, shortest);
  }
  savings.sort((a, b) => b - a);
  for (let i = 0; i < Math.min(machines, savings.length); i++) total -= savings[i]!;
  return Math.max(longest, Math.ceil(total / machines));
}
