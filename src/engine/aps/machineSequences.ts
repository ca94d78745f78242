/**
 * Iterated greedy over independent machine sequences, every move priced by the sequence kernel
 * alone: the search used when nothing couples the machines (one step per lot, no tools, no
 * operators, no sequence rules), which is the unrelated parallel machine problem with
 * sequence-dependent setups of the literature. Following Ruiz & Stützle (2007) and Fanjul-Peyro
 * & Ruiz (2010): remove a few operations, reinsert each at its best machine and position, improve
 * by best-insertion local search until no operation moves, accept with a constant temperature.
 */
import { SeededRandom } from '../../domain/random';
import type { ObjectiveWeights } from './decoder';
import type { KernelLayout, SequenceKernel } from './kernel/layout';
import { SearchClock } from './searchClock';

export interface SequencingOptions {
  seed?: number;
  timeLimitSeconds?: number;
  maxIterations?: number;
  /** Operations removed per iteration (see `defaultDestruction`). */
  destruction?: number;
  /**
   * Temperature factor of the acceptance rule (Ruiz & Stützle's τ; 0.1: on the large bench
   * instances their 0.4 wandered at makespans one or two above the best, with 0.1 the search stays
   * near it: 169-171 against 173-174 summed over three instances and three seeds).
   */
  temperature?: number;
  weights: ObjectiveWeights;
  /** When every machine is free (minutes). */
  origin: number;
  /**
   * Iterations without a new best after which the search goes back to the best (10 per
   * operation: on three large bench instances and two seeds, 165-168 summed makespan against
   * 169-170 without; 300 and 1,000 did about as well, 3,000 no better than never).
   */
  returnToBestAfter?: number;
  /** Re-time the sequence in the kernel for every insertion, even where constant-time pricing is exact (for tests and measurements). */
  retimeEveryInsertion?: boolean;
  /** Stop as soon as the cost reaches it: a proven lower bound makes further search pointless. */
  lowerBound?: number;
  shouldStop?: () => boolean;
  /** Called with each new best; the sequences are the caller's to keep. */
  onProgress?: (point: { seconds: number; iteration: number; cost: number; sequences: number[][] }) => void;
}

/** An operation no eligible machine can finish within its calendar's horizon. */
export class UnplaceableOperation extends Error {
  constructor(readonly operation: number) {
    super(`operation ${operation} fits on no eligible machine within the calendars`);
  }
}

export interface MachineSequencesResult {
  sequences: number[][];
  cost: number;
  makespan: number;
  totalSetup: number;
  weightedTardiness: number;
  iterations: number;
  evaluations: number;
  seconds: number;
}

interface MachineValue {
  tardiness: number;
  setup: number;
  completion: number;
}

interface Solution {
  sequences: number[][];
  values: MachineValue[];
}

class Pricing {
  evaluations = 0;
  private buffer: Int32Array;
  /**
   * Machines on which a sequence times as a plain sum of whole-minute steps (no calendar, nothing
   * released after the origin, whole-minute setups and origin, tardiness not priced): there an
   * insertion changes the completion by the steps around it alone, as in Fanjul-Peyro & Ruiz
   * (2010), and is priced in constant time instead of re-timing the sequence. Exact, so the
   * search takes the same path as with the kernel.
   */
  private readonly additive: boolean[];

  constructor(
    private readonly layout: KernelLayout,
    private readonly kernel: SequenceKernel,
    private readonly weights: ObjectiveWeights,
    private readonly origin: number,
    retimeEveryInsertion = false,
  ) {
    this.buffer = new Int32Array(layout.operations + 1);
    const whole = (values: Float64Array) => values.every((value) => Number.isInteger(value));
    const plain = !retimeEveryInsertion && weights.tardiness === 0 && Number.isInteger(origin) && layout.release.every((release) => release <= origin) && whole(layout.setup);
    this.additive = Array.from({ length: layout.machines }, (_, machine) => plain && layout.calendarOffset[machine] === layout.calendarOffset[machine + 1]);
  }

  private setupBetween(machine: number, previous: number, op: number): number {
    const { layout } = this;
    const width = layout.setupWidth[machine]!;
    const from = previous < 0 ? width : layout.group[previous]!;
    return layout.setup[layout.setupOffset[machine]! + from * width + layout.group[op]!]!;
  }

  /** What the kernel adds to the clock for `op` after `previous`: setup and work, rounded up as it does. */
  private step(machine: number, previous: number, op: number): number {
    return Math.ceil(this.setupBetween(machine, previous, op) + this.layout.work[machine * this.layout.operations + op]! - 1e-9);
  }

  /**
   * The machine's value with `sequence[from, to)` replaced by `inserted` (an insertion, a removal,
   * an exchange, a moved block); `original` is the value of `sequence` as it stands.
   */
  replacedValue(machine: number, sequence: readonly number[], original: MachineValue, from: number, to: number, inserted: readonly number[]): MachineValue {
    const { layout } = this;
    if (sequence.length - (to - from) + inserted.length === 0) return { tardiness: 0, setup: 0, completion: this.origin };
    if (!this.additive[machine] || inserted.some((op) => !Number.isFinite(layout.work[machine * layout.operations + op]!))) {
      return this.value(machine, [...sequence.slice(0, from), ...inserted, ...sequence.slice(to)]);
    }
    this.evaluations++;
    const previous = from > 0 ? sequence[from - 1]! : -1;
    const next = to < sequence.length ? sequence[to]! : -1;
    let clock = 0;
    let setup = 0;
    let last = previous;
    for (const op of inserted) {
      clock += this.step(machine, last, op);
      setup += this.setupBetween(machine, last, op);
      last = op;
    }
    if (next >= 0) {
      clock += this.step(machine, last, next);
      setup += this.setupBetween(machine, last, next);
    }
    last = previous;
    for (let position = from; position < to; position++) {
      const op = sequence[position]!;
      clock -= this.step(machine, last, op);
      setup -= this.setupBetween(machine, last, op);
      last = op;
    }
    if (next >= 0) {
      clock -= this.step(machine, last, next);
      setup -= this.setupBetween(machine, last, next);
    }
    return { tardiness: original.tardiness, setup: original.setup + setup, completion: original.completion + clock };
  }

  value(machine: number, sequence: readonly number[]): MachineValue {
    const length = sequence.length;
    if (length === 0) return { tardiness: 0, setup: 0, completion: this.origin };
    for (let i = 0; i < length; i++) this.buffer[i] = sequence[i]!;
    this.evaluations++;
    const result = this.kernel.evaluate(machine, this.buffer, length, this.origin);
    return { tardiness: result.weightedTardiness, setup: result.totalSetup, completion: result.completion };
  }

  /** The cost, and the sum of completions that breaks its ties (compact machines leave room). */
  cost(values: readonly MachineValue[]): [number, number] {
    let tardiness = 0;
    let setup = 0;
    let makespan = this.origin;
    let completions = 0;
    for (const value of values) {
      tardiness += value.tardiness;
      setup += value.setup;
      makespan = Math.max(makespan, value.completion);
      completions += value.completion - this.origin;
    }
    return [this.weights.tardiness * tardiness + this.weights.setup * setup + this.weights.makespan * (makespan - this.origin), completions];
  }

  /** What `costWith` needs to price a one-machine change in constant time. */
  totals(values: readonly MachineValue[]): Totals {
    const totals = { tardiness: 0, setup: 0, completions: 0, latest: this.origin, latestMachine: -1, runnerUp: this.origin };
    values.forEach((value, machine) => {
      totals.tardiness += value.tardiness;
      totals.setup += value.setup;
      totals.completions += value.completion - this.origin;
      if (value.completion > totals.latest) {
        totals.runnerUp = totals.latest;
        totals.latest = value.completion;
        totals.latestMachine = machine;
      } else if (value.completion > totals.runnerUp) totals.runnerUp = value.completion;
    });
    return totals;
  }

  /** The cost of the solution with one machine's value replaced. */
  costWith(totals: Totals, original: MachineValue, machine: number, value: MachineValue): [number, number] {
    const makespan = Math.max(value.completion, machine === totals.latestMachine ? totals.runnerUp : totals.latest);
    return [
      this.weights.tardiness * (totals.tardiness - original.tardiness + value.tardiness) + this.weights.setup * (totals.setup - original.setup + value.setup) + this.weights.makespan * (makespan - this.origin),
      totals.completions - original.completion + value.completion,
    ];
  }

  /** Only makespan counts: then only moves touching a machine that ends last can lower it. */
  get makespanOnly(): boolean {
    return this.weights.tardiness === 0 && this.weights.setup === 0;
  }
}

interface Totals {
  tardiness: number;
  setup: number;
  completions: number;
  latest: number;
  latestMachine: number;
  runnerUp: number;
}

/** Machines whose completion is the makespan. */
function criticalMachines(values: readonly MachineValue[]): Set<number> {
  const latest = Math.max(...values.map((value) => value.completion));
  return new Set(values.flatMap((value, machine) => (value.completion === latest ? [machine] : [])));
}

const better = (a: [number, number], b: [number, number]) => a[0] < b[0] - 1e-9 || (Math.abs(a[0] - b[0]) <= 1e-9 && a[1] < b[1] - 1e-9);

/** Insert `op` where the whole solution's cost is least; mutates the solution. */
function bestInsertion(layout: KernelLayout, pricing: Pricing, solution: Solution, op: number): void {
  let best: { machine: number; at: number; value: MachineValue; cost: [number, number] } | undefined;
  const totals = pricing.totals(solution.values);
  for (let machine = 0; machine < layout.machines; machine++) {
    if (!Number.isFinite(layout.work[machine * layout.operations + op]!)) continue;
    const sequence = solution.sequences[machine]!;
    const original = solution.values[machine]!;
    for (let at = 0; at <= sequence.length; at++) {
      const value = pricing.replacedValue(machine, sequence, original, at, at, [op]);
      if (!Number.isFinite(value.completion)) continue;
      const cost = pricing.costWith(totals, original, machine, value);
      if (!best || better(cost, best.cost)) best = { machine, at, value, cost };
    }
  }
  if (!best) throw new UnplaceableOperation(op);
  solution.sequences[best.machine]!.splice(best.at, 0, op);
  solution.values[best.machine] = best.value;
}

function remove(pricing: Pricing, solution: Solution, op: number): void {
  for (let machine = 0; machine < solution.sequences.length; machine++) {
    const at = solution.sequences[machine]!.indexOf(op);
    if (at < 0) continue;
    solution.values[machine] = pricing.replacedValue(machine, solution.sequences[machine]!, solution.values[machine]!, at, at + 1, []);
    solution.sequences[machine]!.splice(at, 1);
    return;
  }
}

const copy = (solution: Solution): Solution => ({ sequences: solution.sequences.map((sequence) => sequence.slice()), values: solution.values.slice() });

/** Exchange two operations (on one machine or across two) when that lowers the cost; mutates the solution. */
function swapPass(layout: KernelLayout, pricing: Pricing, solution: Solution, shouldStop: () => boolean): boolean {
  let improved = false;
  const { sequences, values } = solution;
  const eligible = (machine: number, op: number) => Number.isFinite(layout.work[machine * layout.operations + op]!);
  // For makespan alone, one side of an exchange must be a machine that ends last.
  const critical = pricing.makespanOnly ? criticalMachines(values) : undefined;
  let before = pricing.cost(values);
  for (let a = 0; a < sequences.length && !shouldStop(); a++) {
    if (critical && !critical.has(a)) continue;
    for (let i = 0; i < sequences[a]!.length; i++) {
      for (let b = critical ? 0 : a; b < sequences.length; b++) {
        if (critical && b < a && critical.has(b)) continue;
        for (let j = b === a ? i + 1 : 0; j < sequences[b]!.length; j++) {
          const first = sequences[a]![i]!;
          const second = sequences[b]![j]!;
          if (!eligible(a, second) || !eligible(b, first)) continue;
          const trialValues = values.slice();
          if (b !== a) {
            trialValues[a] = pricing.replacedValue(a, sequences[a]!, values[a]!, i, i + 1, [second]);
            trialValues[b] = pricing.replacedValue(b, sequences[b]!, values[b]!, j, j + 1, [first]);
          } else trialValues[a] = pricing.replacedValue(a, sequences[a]!, values[a]!, i, j + 1, [second, ...sequences[a]!.slice(i + 1, j), first]);
          if (!Number.isFinite(trialValues[a]!.completion) || !Number.isFinite(trialValues[b]!.completion)) continue;
          const after = pricing.cost(trialValues);
          if (better(after, before)) {
            before = after;
            sequences[a]![i] = second;
            sequences[b]![j] = first;
            values[a] = trialValues[a]!;
            values[b] = trialValues[b]!;
            improved = true;
          }
        }
      }
    }
  }
  return improved;
}

/**
 * Move two consecutive operations together to another place (Or-opt): a pair that belongs
 * together, as a short changeover between them makes it, is lost by moving either alone.
 */
function blockPass(layout: KernelLayout, pricing: Pricing, solution: Solution, shouldStop: () => boolean): boolean {
  const { sequences, values } = solution;
  const critical = pricing.makespanOnly ? criticalMachines(values) : undefined;
  for (let from = 0; from < sequences.length && !shouldStop(); from++) {
    if (critical && !critical.has(from)) continue;
    for (let i = 0; i + 1 < sequences[from]!.length; i++) {
      const block = sequences[from]!.slice(i, i + 2);
      const rest = sequences[from]!.filter((_, k) => k !== i && k !== i + 1);
      const before = pricing.cost(values);
      const restValue = pricing.replacedValue(from, sequences[from]!, values[from]!, i, i + 2, []);
      for (let to = 0; to < sequences.length; to++) {
        if (!block.every((op) => Number.isFinite(layout.work[to * layout.operations + op]!))) continue;
        const target = to === from ? rest : sequences[to]!;
        for (let at = 0; at <= target.length; at++) {
          if (to === from && at === i) continue;
          const trialValues = values.slice();
          trialValues[from] = restValue;
          trialValues[to] = pricing.replacedValue(to, target, to === from ? restValue : values[to]!, at, at, block);
          if (!Number.isFinite(trialValues[to]!.completion) || !Number.isFinite(trialValues[from]!.completion)) continue;
          if (better(pricing.cost(trialValues), before)) {
            const moved = [...target.slice(0, at), ...block, ...target.slice(at)];
            sequences[from] = to === from ? moved : rest;
            if (to !== from) sequences[to] = moved;
            values[from] = trialValues[from]!;
            values[to] = trialValues[to]!;
            return true;
          }
        }
      }
    }
  }
  return false;
}

/**
 * Take each operation out and put it back at its best place, then exchange pairs, then move pairs, until neither
 * changes anything: insertion alone stalls where two operations must trade places.
 */
function localSearch(layout: KernelLayout, pricing: Pricing, solution: Solution, random: SeededRandom, shouldStop: () => boolean): Solution {
  let current = solution;
  let improved = true;
  while (improved && !shouldStop()) {
    improved = false;
    // For makespan alone, moving an operation off a machine that ends last is what can lower it.
    const critical = pricing.makespanOnly ? criticalMachines(current.values) : undefined;
    const candidates = critical ? current.sequences.flatMap((sequence, machine) => (critical.has(machine) ? sequence : [])) : current.sequences.flat();
    for (const op of random.shuffled(candidates)) {
      const before = pricing.cost(current.values);
      const trial = copy(current);
      remove(pricing, trial, op);
      bestInsertion(layout, pricing, trial, op);
      if (better(pricing.cost(trial.values), before)) {
        current = trial;
        improved = true;
      }
    }
    if (!improved && !shouldStop()) improved = swapPass(layout, pricing, current, shouldStop);
    if (!improved && !shouldStop()) improved = blockPass(layout, pricing, current, shouldStop);
  }
  return current;
}

/**
 * Operations removed per iteration: 4 up to 16 operations, a quarter of them beyond, at most 12.
 * Two leaves small instances stuck where three jobs must move together. On the bench's large
 * instances (n 50 and 100, m 10-25, t = 30, seed 1; npm run bench -- aps --parts peer), with half
 * of them taken from the machines that end last, 12 gave a summed makespan of 538 and no instance
 * above the published SLS peer's (543 in all); 4 without that half (the former rule) gave 546,
 * above the peer on 50×15, 100×20 and 100×25; 6, 8 and 10 each left one instance above it (50×10
 * at 78 and 77, 100×25 at 56).
 */
function defaultDestruction(operations: number): number {
  return Math.min(12, Math.max(4, Math.floor(operations / 4)));
}

/**
 * The operations an iteration takes out. For makespan alone, half of them come from the machines
 * that end last: only a move off such a machine can lower the makespan.
 */
function destroyed(pricing: Pricing, solution: Solution, random: SeededRandom, count: number): number[] {
  // Not where four or fewer are taken out (up to 19 operations): there it cost optimal makespans
  // (313 of the bench's 320 small instances at t = 30, against all 320 without it).
  if (!pricing.makespanOnly || count <= 4) return random.sample(solution.sequences.flat(), count);
  const critical = criticalMachines(solution.values);
  const onCritical = solution.sequences.flatMap((sequence, machine) => (critical.has(machine) ? sequence : []));
  const first = random.sample(onCritical, Math.min(onCritical.length, Math.ceil(count / 2)));
  const taken = new Set(first);
  const rest = random.sample(solution.sequences.flat().filter((op) => !taken.has(op)), count - first.length);
  return [...first, ...rest];
}

export function sequenceMachines(layout: KernelLayout, kernel: SequenceKernel, options: SequencingOptions): MachineSequencesResult {
  const random = new SeededRandom(options.seed ?? 1);
  const pricing = new Pricing(layout, kernel, options.weights, options.origin, options.retimeEveryInsertion);
  const maxIterations = options.maxIterations ?? Infinity;
  const clock = new SearchClock(options.timeLimitSeconds ?? (Number.isFinite(maxIterations) ? Infinity : 5));
  const elapsed = () => clock.elapsed();
  const lowerBound = options.lowerBound ?? -Infinity;
  const shouldStop = () => clock.expired() || (options.shouldStop?.() ?? false);

  // Greedy construction: longest operations first, each at its best machine and position.
  let current: Solution = { sequences: Array.from({ length: layout.machines }, () => []), values: Array.from({ length: layout.machines }, () => ({ tardiness: 0, setup: 0, completion: options.origin })) };
  const shortest = (op: number) => Math.min(...Array.from({ length: layout.machines }, (_, machine) => layout.work[machine * layout.operations + op]!));
  const order = Array.from({ length: layout.operations }, (_, op) => op).sort((a, b) => shortest(b) - shortest(a) || a - b);
  for (const op of order) bestInsertion(layout, pricing, current, op);
  current = localSearch(layout, pricing, current, random, shouldStop);
  let best = copy(current);
  options.onProgress?.({ seconds: elapsed(), iteration: 0, cost: pricing.cost(best.values)[0], sequences: copy(best).sequences });

  // Constant temperature: τ times a tenth of an average operation (work plus setup), in cost units.
  let cells = 0;
  let sum = 0;
  for (let machine = 0; machine < layout.machines; machine++) {
    // Over the changeovers between groups, not from an empty machine (the matrix's last row).
    const width = layout.setupWidth[machine]!;
    let setups = 0;
    for (let i = 0; i < width * width; i++) setups += layout.setup[layout.setupOffset[machine]! + i]!;
    const meanSetup = setups / Math.max(1, width * width);
    for (let op = 0; op < layout.operations; op++) {
      const work = layout.work[machine * layout.operations + op]!;
      if (Number.isFinite(work)) {
        sum += work + meanSetup;
        cells++;
      }
    }
  }
  const temperature = ((options.temperature ?? 0.1) * (sum / Math.max(1, cells))) / 10 * Math.max(options.weights.makespan, options.weights.setup, 1e-9);
  const destruction = Math.max(1, Math.min(options.destruction ?? defaultDestruction(layout.operations), layout.operations - 1));

  const returnToBestAfter = options.returnToBestAfter ?? 10 * layout.operations;
  let iteration = 0;
  let bestIteration = 0;
  clock.startLaps();
  while (iteration < maxIterations && pricing.cost(best.values)[0] > lowerBound + 1e-9 && !shouldStop() && layout.operations > 1) {
    iteration++;
    if (iteration - bestIteration > returnToBestAfter) {
      current = copy(best);
      bestIteration = iteration;
    }
    const candidate = copy(current);
    const removed = destroyed(pricing, candidate, random, destruction);
    for (const op of removed) remove(pricing, candidate, op);
    for (const op of removed) bestInsertion(layout, pricing, candidate, op);
    const improved = localSearch(layout, pricing, candidate, random, shouldStop);
    const [improvedCost, currentCost] = [pricing.cost(improved.values), pricing.cost(current.values)];
    if (better(improvedCost, currentCost) || random.next() < Math.exp(-(improvedCost[0] - currentCost[0]) / temperature)) current = improved;
    if (better(pricing.cost(current.values), pricing.cost(best.values))) {
      best = copy(current);
      bestIteration = iteration;
      options.onProgress?.({ seconds: elapsed(), iteration, cost: pricing.cost(best.values)[0], sequences: copy(best).sequences });
    }
    clock.lap();
  }
  // Constant-time pricing leaves tardiness unpriced where its weight is zero: time the best once more.
  best.values = best.sequences.map((sequence, machine) => pricing.value(machine, sequence));
  const totals = best.values.reduce((sum, value) => ({ tardiness: sum.tardiness + value.tardiness, setup: sum.setup + value.setup, completion: Math.max(sum.completion, value.completion) }), { tardiness: 0, setup: 0, completion: options.origin });
  return {
    sequences: best.sequences,
    cost: pricing.cost(best.values)[0],
    makespan: totals.completion - options.origin,
    totalSetup: totals.setup,
    weightedTardiness: totals.tardiness,
    iterations: iteration,
    evaluations: pricing.evaluations,
    seconds: elapsed(),
  };
}
