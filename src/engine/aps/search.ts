/**
 * The sequencer: a constructive start, then iterated greedy (Ruiz & Stützle 2007; Fanjul-Peyro &
 * Ruiz 2010 for unrelated parallel machines): remove a few operations, reinsert each at the
 * machine and position the decoder finds best, accept the result if better or, now and then,
 * if slightly worse (a constant-temperature rule), keep the best. Deterministic for a seed and
 * an iteration budget; stops at a time limit or on request; reports the best cost over time.
 */
import { MINUTES_PER_DAY } from '../../domain/dates';
import { SeededRandom } from '../../domain/random';
import { decode, DEFAULT_WEIGHTS, VIOLATION_COST, type Decision, type ObjectiveWeights, type ScheduleResult } from './decoder';
import type { ApsInstance } from './instance';
import { layoutFromInstance, type KernelLayout, type KernelResult, type SequenceKernel } from './kernel/layout';
import { PRICED_COMPLETION, PRICED_FIELDS, PRICED_SETUP, PRICED_TARDINESS, PRICED_VIOLATIONS } from './kernel/priced';
import { ReferenceKernel } from './kernel/reference';
import { sequenceMachines, UnplaceableOperation } from './machineSequences';
import { SearchClock } from './searchClock';

export interface SearchOptions {
  seed?: number;
  timeLimitSeconds?: number;
  maxIterations?: number;
  /** Operations removed per iteration. */
  destruction?: number;
  weights?: ObjectiveWeights;
  /** Start from the constructive order alone, none of the other starts `startingSchedule` tries: the demo generator's fixed measure of a week. */
  constructiveStart?: boolean;
  /** Take operations out at random only, never from the late lots (TARGETED_SHARE): with the above, the demo generator's fixed measure, so that its factories stay as they were. */
  randomDestruction?: boolean;
  shouldStop?: () => boolean;
  onProgress?: (point: ProgressPoint) => void;
  /** The move-evaluation kernel; the TypeScript reference unless the caller brings the WebAssembly one. */
  kernelFactory?: (layout: KernelLayout) => SequenceKernel;
  /** Candidate insertions fully decoded after the kernel's screening. */
  shortlist?: number;
  /** Where the search starts (a schedule the planner edited); the constructive decision otherwise. */
  initial?: Decision;
}

export interface ProgressPoint {
  seconds: number;
  iteration: number;
  cost: number;
  tardiness: number;
  setup: number;
  makespan: number;
}

export interface SearchResult {
  decision: Decision;
  /** Which kernel priced the moves ('WebAssembly' or 'TypeScript'). */
  kernel: string;
  schedule: ScheduleResult;
  iterations: number;
  seconds: number;
  progress: ProgressPoint[];
}

/**
 * Stage by stage (a later step must not pull its lot's earlier steps out of order), then colour
 * rank for campaigns, allergen count for allergen-last, setup group, due date.
 */
function sequenceKey(instance: ApsInstance, index: number): [number, number, number, string, string, number] {
  const operation = instance.operations[index]!;
  return [instance.lots[operation.lot]!.week, operation.stepIndex, campaignRank(instance, index), allergenKey(operation.allergens), operation.setupGroup, operation.due];
}

/** Where an operation's colour stands in its work center's campaign order (0 without a campaign rule). */
function campaignRank(instance: ApsInstance, index: number): number {
  const operation = instance.operations[index]!;
  const campaign = instance.campaignRule.get(operation.resource);
  return campaign ? Math.max(0, campaign.order.indexOf(operation.attributes[campaign.attribute] ?? '')) : 0;
}

/**
 * Allergens in an order where a lot's supersets follow it: the sorted names joined, compared as
 * text ('' < 'celery' < 'celery+gluten' < 'milk' < 'milk+nuts'), so a machine runs each chain
 * without cleaning and cleans once between chains. Ordering by allergen count alone interleaved
 * 'celery' and 'milk' lots, a cleaning at each change, and at one cleaning a day a food L filling
 * line ran into the next week.
 */
function allergenKey(allergens: ReadonlySet<string>): string {
  return allergens.size === 0 ? '' : [...allergens].sort().join('+');
}

/**
 * `keepTools`: an operation that needs a tool whose copies are all taken by machines already given
 * its work goes to one of those machines, so a tool's work queues on as many machines as it has
 * copies instead of holding the others idle while they wait for it. Paint L tight 1.0, week 2:
 * the two copies of the 0.75 l enamel format parts were spread over four filling machines, each
 * waiting on the other three (one idle from 125 h to 184 h of the week).
 */
export function constructiveDecision(instance: ApsInstance, keepTools = false, hours?: Float64Array): Decision {
  const order = instance.operations.map((operation) => operation.index);
  // Each key made once, not at every comparison: the sort's keys (an allergen list sorted and
  // joined for each) were 9 % of a food L flow check.
  const keys = order.map((index) => sequenceKey(instance, index));
  order.sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return instance.operations[a]!.stepIndex - instance.operations[b]!.stepIndex || a - b;
  });
  // Spread work over eligible machines: each operation to the one with the least work so far,
  // preferring the machine that last ran its setup group.
  const load = new Float64Array(instance.machines.length);
  const lastGroup = new Map<number, string>();
  const machineOf = new Int32Array(instance.operations.length).fill(-1);
  const toolMachines = new Map<string, Set<number>>();
  for (const index of order) {
    const operation = instance.operations[index]!;
    let best = -1;
    let bestScore = Infinity;
    let bestLoaded = 0;
    const allowed = keepTools ? machinesHoldingTools(instance, operation.tools, operation.eligible, toolMachines) : undefined;
    for (const [machine, run] of operation.eligible) {
      if (allowed && !allowed.has(machine)) continue;
      const changeover = lastGroup.get(machine) === operation.setupGroup ? 0 : operation.setupMinutes;
      const loaded = load[machine]! + changeover + operation.qty * run;
      // By calendar (`hours`, each machine's working minutes): the share of them its work would fill.
      const score = hours ? loaded / hours[machine]! : loaded;
      if (score < bestScore) {
        bestScore = score;
        bestLoaded = loaded;
        best = machine;
      }
    }
    machineOf[index] = best;
    if (best >= 0) {
      load[best] = bestLoaded;
      lastGroup.set(best, operation.setupGroup);
      if (keepTools) for (const tool of operation.tools) toolMachines.set(tool, (toolMachines.get(tool) ?? new Set()).add(best));
    }
  }
  return { machineOf, priority: order };
}

/**
 * Each machine's working minutes over the weeks the instance's lots are in (at least a minute):
 * what its calendar lets it run. A day-shift machine beside two-shift ones given the same minutes
 * of work ends far past its week (food L tight 1.0, week 1: the third packing machine of a line,
 * on the day shift, ran its share until 82 h after the week, 20 of 457 lots late).
 */
export function workingMinutesOfMachines(instance: ApsInstance): Float64Array {
  let first = Infinity;
  let last = -Infinity;
  for (const lot of instance.lots) {
    first = Math.min(first, lot.week);
    last = Math.max(last, lot.week);
  }
  const weeks = Number.isFinite(first) ? last - first + 1 : 1;
  return Float64Array.from(instance.machines, (machine) => {
    const from = Math.max(instance.origin, machine.calendar.windowStart);
    const to = Math.min(instance.origin + weeks * 7 * MINUTES_PER_DAY, machine.calendar.windowEnd);
    return Math.max(1, to > from ? machine.calendar.workingMinutesBetween(from, to) : 0);
  });
}

/** Whether the machines of some work center differ in working minutes: only then does balancing by calendar differ. */
function calendarsDiffer(instance: ApsInstance, hours: Float64Array): boolean {
  const byResource = new Map<string, number>();
  for (const machine of instance.machines) {
    const seen = byResource.get(machine.resource.id);
    if (seen === undefined) byResource.set(machine.resource.id, hours[machine.index]!);
    else if (Math.abs(seen - hours[machine.index]!) > 1) return true;
  }
  return false;
}

/** The eligible machines that already hold every tool whose copies are all taken; undefined where any machine will do. */
function machinesHoldingTools(instance: ApsInstance, tools: readonly string[], eligible: ReadonlyMap<number, number>, toolMachines: ReadonlyMap<string, Set<number>>): Set<number> | undefined {
  let allowed: Set<number> | undefined;
  for (const tool of tools) {
    const holders = toolMachines.get(tool);
    if (!holders || holders.size < (instance.toolCapacity.get(tool) ?? 1)) continue;
    const within = new Set([...holders].filter((machine) => eligible.has(machine) && (!allowed || allowed.has(machine))));
    if (within.size > 0) allowed = within;
  }
  return allowed;
}

/**
 * Where to start: whichever the decoder prices lowest of the constructive decision, the same with
 * each shared tool's work kept on its copies' machines, the same with each machine's work in
 * proportion to its calendar where a work center's machines work different hours, each of those
 * with its later steps in ready order (`inReadyOrder`), and each of these with the lots due before
 * their week's end first (`startFrom`). By calendar (the 24 plans of the demo and metal factories
 * S-L at tight 0.8 and 1.0, without the loop, weeks 0-4 at 40 iterations): M and L 15,057 -> 15,141
 * of 16,121 lots on time, 24,887 -> 21,862 h late; S unchanged; a second start by calendar
 * without the tools kept led in no week and gained less. `tryUrgentFirst` false: the constructive decision alone (the demo generator's
 * fixed measure of a week).
 */
export function startingSchedule(instance: ApsInstance, weights: ObjectiveWeights, tryUrgentFirst = true): { decision: Decision; schedule: ScheduleResult } {
  const plain = startFrom(instance, constructiveDecision(instance), weights, tryUrgentFirst);
  if (!tryUrgentFirst) return plain;
  // Where tools are shared, the same with each tool's work kept on as many machines as it has copies.
  const sharedTools = instance.operations.some((operation) => operation.tools.some((tool) => (instance.toolCapacity.get(tool) ?? 1) < operation.eligible.size));
  const hours = workingMinutesOfMachines(instance);
  const bases = [
    plain,
    ...(sharedTools ? [startFrom(instance, constructiveDecision(instance, true), weights, true)] : []),
    // Where machines of a work center work different hours, each machine's work in proportion to
    // them (with the tools kept where they are shared: food L, that start led in every week).
    ...(calendarsDiffer(instance, hours) ? [startFrom(instance, constructiveDecision(instance, sharedTools, hours), weights, true)] : []),
  ];
  let best = plain;
  for (const base of bases) {
    if (base.schedule.cost < best.schedule.cost) best = base;
    const ready = startFrom(instance, inReadyOrder(instance, base.decision, base.schedule), weights, true);
    if (ready.schedule.cost < best.schedule.cost) best = ready;
  }
  return best;
}

/**
 * A decision's later steps in the order their lots' previous steps end in its schedule (within a
 * week and a step, after the colour campaign's rank): a machine that takes the lots of its step in
 * setup-group order waits, idle, for a lot its upstream makes late in the week while others stand
 * ready. Paint L tight 1.0, week 2, constructive schedule: 8,032 h late in all, 169 lots late;
 * its later steps in ready order 2,426 h, 48 lots (1,429 h, 40 lots with each tool's work kept on
 * its copies' machines), where 40 search iterations reached 4,215 h.
 */
function inReadyOrder(instance: ApsInstance, decision: Decision, schedule: ScheduleResult): Decision {
  const end = new Float64Array(instance.operations.length).fill(Infinity);
  for (const timed of schedule.timed) if (timed) end[timed.operation] = timed.end;
  const position = new Int32Array(instance.operations.length);
  decision.priority.forEach((index, at) => (position[index] = at));
  const ready = (index: number) => {
    const operation = instance.operations[index]!;
    return operation.stepIndex === 0 ? 0 : end[instance.lots[operation.lot]!.operations[operation.stepIndex - 1]!]!;
  };
  const priority = [...decision.priority].sort((a, b) => {
    const oa = instance.operations[a]!;
    const ob = instance.operations[b]!;
    return instance.lots[oa.lot]!.week - instance.lots[ob.lot]!.week || oa.stepIndex - ob.stepIndex || (oa.stepIndex === 0 ? 0 : campaignRank(instance, a) - campaignRank(instance, b) || ready(a) - ready(b)) || position[a]! - position[b]!;
  });
  return { machineOf: decision.machineOf, priority };
}

/**
 * A decision, or the same with the lots due before their week's end (a firm order's date) first,
 * by due date, whichever the decoder prices lower. The constructive sort keys on the setup group
 * before the due date, so such a lot could run any day of its week: mixed S tight 0.8, three lots
 * for orders due Monday to Thursday ran Tuesday to Friday, late, and forty search iterations did
 * not move them.
 */
function startFrom(instance: ApsInstance, decision: Decision, weights: ObjectiveWeights, tryUrgentFirst: boolean): { decision: Decision; schedule: ScheduleResult } {
  const start = { decision, schedule: decode(instance, decision, weights) };
  if (!tryUrgentFirst) return start;
  const urgent = (index: number) => {
    const operation = instance.operations[index]!;
    return operation.due < instance.lots[operation.lot]!.release + 7 * MINUTES_PER_DAY;
  };
  if (!decision.priority.some(urgent)) return start;
  const first = decision.priority.filter(urgent).sort((a, b) => instance.operations[a]!.due - instance.operations[b]!.due || instance.operations[a]!.stepIndex - instance.operations[b]!.stepIndex);
  const urgentFirst = { machineOf: decision.machineOf, priority: [...first, ...decision.priority.filter((index) => !urgent(index))] };
  const candidate = { decision: urgentFirst, schedule: decode(instance, urgentFirst, weights) };
  return candidate.schedule.cost < start.schedule.cost ? candidate : start;
}

/**
 * Share of the iterations that take their operations from the lots running late. Drawn at random
 * from all operations, a week of 455 lots with 34 late rarely had one of theirs taken out (food L
 * tight 1.0, week 1 of a 20 s plan, lots due for firm orders early in the week): 10 s of search
 * left 34 late (741 h), 60 s 15; with this 10-14 late (174-299 h) in 10 s. Weeks 1-4 of the 10 s
 * plans without the loop of food, paint and mixed M and L (tight 1.0, seed 1), 3 s a week: 420 of
 * 5,842 lots late, 9,264 h -> 337, 6,978 h (every iteration half from the late lots: 337,
 * 6,778 h; every iteration all from them: 384, 8,166 h, on M worse than at random, as nothing
 * else moves). At 40 iterations a week, with the metal M plant: 536 of 6,102, 12,538 h -> 488, 11,491 h.
 */
const TARGETED_SHARE = 0.5;

/**
 * What an iteration takes out (pins never): where `targeted` and the schedule has late lots, in
 * TARGETED_SHARE of the iterations all of it from their operations (topped up at random where
 * they have fewer), else all at random. Only a schedule with late lots draws the extra number, so
 * one on time is searched exactly as before.
 */
export function operationsToRemove(instance: ApsInstance, current: { decision: Decision; schedule: ScheduleResult }, count: number, random: SeededRandom, targeted: boolean): number[] {
  const movable = instance.pins.size === 0 ? current.decision.priority : current.decision.priority.filter((index) => !instance.pins.has(index));
  const late = targeted && current.schedule.lateLots > 0 ? lateLotOperations(instance, current.schedule) : [];
  if (late.length === 0 || random.next() >= TARGETED_SHARE) return random.sample(movable, count);
  const chosen = random.sample(late, count);
  if (chosen.length === count) return chosen;
  const taken = new Set(chosen);
  return [...chosen, ...random.sample(movable.filter((index) => !taken.has(index)), count - chosen.length)];
}

/** The operations of the lots a schedule finishes after their due instant (or not at all), pins left out. */
export function lateLotOperations(instance: ApsInstance, schedule: ScheduleResult): number[] {
  const end = new Float64Array(instance.operations.length).fill(Infinity);
  for (const timed of schedule.timed) end[timed.operation] = timed.end;
  const late: number[] = [];
  for (const lot of instance.lots) {
    const last = lot.operations.at(-1)!;
    if (end[last]! <= instance.operations[last]!.due) continue;
    for (const index of lot.operations) if (!instance.pins.has(index)) late.push(index);
  }
  return late;
}

/** Operations the search takes out and puts back per iteration, unless told otherwise. */
export const DEFAULT_DESTRUCTION = 4;

/**
 * Best reinsertion of one operation into a decision that does not contain it. The kernel prices
 * every machine and position as the change in that machine's sequence cost (setups, calendar,
 * release times); only the most promising few are decoded in full, with every rule.
 */
function reinsert(
  instance: ApsInstance,
  decision: Decision,
  index: number,
  weights: ObjectiveWeights,
  screen: { kernel: SequenceKernel; shortlist: number },
): { decision: Decision; schedule: ScheduleResult } {
  const operation = instance.operations[index]!;
  const candidates: { machine: number; position: number; delta: number }[] = [];
  const buffer = new Int32Array(decision.priority.length + 1);
  // Campaign violations are priced as the decoder prices them; allergen cleanings wait for their day in the kernel too.
  const price = (result: KernelResult) => result.campaignViolations * VIOLATION_COST + weights.tardiness * result.weightedTardiness + weights.setup * result.totalSetup + weights.makespan * (result.completion - instance.origin);
  for (const machine of operation.eligible.keys()) {
    const positions: number[] = [];
    const sequence: number[] = [];
    decision.priority.forEach((op, position) => {
      if (decision.machineOf[op] === machine) {
        positions.push(position);
        sequence.push(op);
      }
    });
    buffer.set(sequence);
    const baseline = sequence.length > 0 ? price(screen.kernel.evaluate(machine, buffer, sequence.length, instance.origin)) : 0;
    const priced = screen.kernel.priceInsertions(machine, buffer, sequence.length, index, instance.origin);
    for (let at = 0; at <= sequence.length; at++) {
      const from = PRICED_FIELDS * at;
      const delta = price({ weightedTardiness: priced[from + PRICED_TARDINESS]!, totalSetup: priced[from + PRICED_SETUP]!, completion: priced[from + PRICED_COMPLETION]!, campaignViolations: priced[from + PRICED_VIOLATIONS]! }) - baseline;
      candidates.push({ machine, position: at < positions.length ? positions[at]! : decision.priority.length, delta });
    }
  }
  candidates.sort((a, b) => a.delta - b.delta || a.machine - b.machine || a.position - b.position);
  let best: { decision: Decision; schedule: ScheduleResult } | undefined;
  for (const candidate of candidates.slice(0, screen.shortlist)) {
    const priority = [...decision.priority.slice(0, candidate.position), index, ...decision.priority.slice(candidate.position)];
    const machineOf = Int32Array.from(decision.machineOf);
    machineOf[index] = candidate.machine;
    const next = { machineOf, priority };
    const schedule = decode(instance, next, weights);
    if (!best || schedule.cost < best.schedule.cost) best = { decision: next, schedule };
  }
  return best!;
}

/** Each operation's release for the kernel: the end of its lot's previous step in the current schedule, else its lot's. */
function updateReleases(instance: ApsInstance, layout: KernelLayout, kernel: SequenceKernel, schedule: ScheduleResult): void {
  const ends = new Map(schedule.timed.map((timed) => [timed.operation, timed.end]));
  for (const operation of instance.operations) {
    const previous = operation.stepIndex > 0 ? instance.lots[operation.lot]!.operations[operation.stepIndex - 1]! : -1;
    const lotRelease = instance.lots[operation.lot]!.release;
    const release = previous >= 0 ? (ends.get(previous) ?? lotRelease) : lotRelease;
    layout.release[operation.index] = Math.max(release, instance.pins.get(operation.index)?.at ?? -Infinity);
  }
  kernel.updateReleases();
}

/**
 * Machines are independent when every lot has one step and nothing is shared or ruled: no tools,
 * no operators, no sequence rules. Then a machine's sequence alone fixes its timing, the kernel
 * prices a move exactly, and the search need not decode at all.
 */
export function machinesAreIndependent(instance: ApsInstance): boolean {
  return (
    instance.lots.every((lot) => lot.operations.length === 1) &&
    instance.operations.every((operation) => operation.tools.length === 0 && operation.operators === 0) &&
    instance.allergenRule.size === 0 &&
    instance.campaignRule.size === 0 &&
    instance.precedeRules.size === 0 &&
    instance.pins.size === 0
  );
}

function decisionOf(instance: ApsInstance, sequences: readonly number[][]): Decision {
  const machineOf = new Int32Array(instance.operations.length);
  sequences.forEach((sequence, machine) => sequence.forEach((operation) => (machineOf[operation] = machine)));
  return { machineOf, priority: sequences.flat() };
}

function searchIndependentMachines(instance: ApsInstance, options: SearchOptions, weights: ObjectiveWeights): SearchResult {
  const layout = layoutFromInstance(instance);
  const kernel = options.kernelFactory ? options.kernelFactory(layout) : new ReferenceKernel(layout);
  const progress: ProgressPoint[] = [];
  const result = sequenceMachines(layout, kernel, {
    weights,
    origin: instance.origin,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.timeLimitSeconds !== undefined ? { timeLimitSeconds: options.timeLimitSeconds } : {}),
    ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    onProgress: ({ seconds, iteration, sequences }) => {
      // New bests are rare after the first second; decoding each keeps the reported KPIs exact.
      const schedule = decode(instance, decisionOf(instance, sequences), weights);
      const point = { seconds, iteration, cost: schedule.cost, tardiness: schedule.tardiness, setup: schedule.totalSetup, makespan: schedule.makespan };
      progress.push(point);
      options.onProgress?.(point);
    },
  });
  const decision = decisionOf(instance, result.sequences);
  return { decision, kernel: kernel.name, schedule: decode(instance, decision, weights), iterations: result.iterations, seconds: result.seconds, progress };
}

export function searchSchedule(instance: ApsInstance, options: SearchOptions = {}): SearchResult {
  if (machinesAreIndependent(instance)) {
    try {
      return searchIndependentMachines(instance, options, options.weights ?? DEFAULT_WEIGHTS);
    } catch (error) {
      // The decoding search below reports such an operation as unplaced instead of failing.
      if (!(error instanceof UnplaceableOperation)) throw error;
    }
  }
  const random = new SeededRandom(options.seed ?? 1);
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const maxIterations = options.maxIterations ?? Infinity;
  const clock = new SearchClock(options.timeLimitSeconds ?? (Number.isFinite(maxIterations) ? Infinity : 5));
  const elapsed = () => clock.elapsed();
  const destruction = Math.min(options.destruction ?? DEFAULT_DESTRUCTION, Math.max(1, instance.operations.length - 1));
  const layout = layoutFromInstance(instance);
  const kernel = options.kernelFactory ? options.kernelFactory(layout) : new ReferenceKernel(layout);
  const screen = { kernel, shortlist: options.shortlist ?? 4 };
  const progress: ProgressPoint[] = [];
  const record = (iteration: number, schedule: ScheduleResult) => {
    const point = { seconds: elapsed(), iteration, cost: schedule.cost, tardiness: schedule.tardiness, setup: schedule.totalSetup, makespan: schedule.makespan };
    progress.push(point);
    options.onProgress?.(point);
  };

  let current: { decision: Decision; schedule: ScheduleResult } = options.initial ? { decision: options.initial, schedule: decode(instance, options.initial, weights) } : startingSchedule(instance, weights, !options.constructiveStart);
  let best = current;
  record(0, best.schedule);
  let iteration = 0;
  // Pinned operations are never taken out (operationsToRemove): the others are sequenced around them.
  const movableCount = instance.operations.length - instance.pins.size;
  clock.startLaps();
  while (iteration < maxIterations && !clock.expired() && !options.shouldStop?.() && movableCount > 1) {
    iteration++;
    updateReleases(instance, layout, kernel, current.schedule);
    const removed = operationsToRemove(instance, current, Math.min(destruction, movableCount - 1), random, !options.randomDestruction);
    const removedSet = new Set(removed);
    let candidate: { decision: Decision; schedule: ScheduleResult } = {
      decision: { machineOf: Int32Array.from(current.decision.machineOf), priority: current.decision.priority.filter((index) => !removedSet.has(index)) },
      schedule: current.schedule,
    };
    for (const index of random.shuffled(removed)) candidate = reinsert(instance, candidate.decision, index, weights, screen);
    const delta = candidate.schedule.cost - current.schedule.cost;
    // Accept worse solutions with a small probability that shrinks with how much worse they are.
    if (delta < 0 || random.next() < Math.exp(-delta / Math.max(1, 0.002 * Math.abs(current.schedule.cost)))) current = candidate;
    if (current.schedule.cost < best.schedule.cost) {
      best = current;
      record(iteration, best.schedule);
    }
    clock.lap();
  }
  return { decision: best.decision, kernel: kernel.name, schedule: best.schedule, iterations: iteration, seconds: elapsed(), progress };
}
