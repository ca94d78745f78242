import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/domain/random';
import { PRICED_FIELDS, withoutSequenceRules, workingMinutesToEnds, type KernelLayout, type SequenceKernel } from '../../src/engine/aps/kernel/layout';
import { loadKernelBytes } from '../../src/cli/kernel';
import { ReferenceKernel } from '../../src/engine/aps/kernel/reference';
import { WasmKernel } from '../../src/engine/aps/kernel/wasmKernel';

/** A random instance: unrelated machines, sequence-dependent setups, shift calendars or none. */
function randomLayout(random: SeededRandom): KernelLayout {
  const operations = random.int(1, 60);
  const machines = random.int(1, 5);
  const groups = random.int(1, 8);
  const work = Float64Array.from({ length: machines * operations }, () => (random.chance(0.1) ? Infinity : random.int(1, 99) + random.next()));
  // A matrix per machine, or shared with the machine before it (machines of one resource).
  const setupOffset = new Int32Array(machines);
  const matrices: number[] = [];
  for (let machine = 0; machine < machines; machine++) {
    if (machine > 0 && random.chance(0.3)) setupOffset[machine] = setupOffset[machine - 1]!;
    else {
      setupOffset[machine] = matrices.length;
      for (let cell = 0; cell < (groups + 1) * groups; cell++) matrices.push(cell >= groups * groups ? random.int(0, 60) : random.int(0, 124));
    }
  }
  const calendarOffset = new Int32Array(machines + 1);
  const starts: number[] = [];
  const ends: number[] = [];
  const before: number[] = [];
  for (let machine = 0; machine < machines; machine++) {
    if (random.chance(0.7)) {
      // Shifts of a few hours with gaps, over a few weeks, or a few shifts that run out.
      let t = random.int(0, 500);
      let worked = 0;
      const shifts = random.chance(0.2) ? random.int(1, 6) : 80;
      for (let i = 0; i < shifts; i++) {
        const length = random.int(60, 600);
        starts.push(t);
        ends.push(t + length);
        before.push(worked);
        worked += length;
        t += length + random.int(1, 900);
      }
    }
    calendarOffset[machine + 1] = starts.length;
  }
  return {
    operations,
    machines,
    due: Float64Array.from({ length: operations }, () => random.int(0, 20000)),
    weight: Float64Array.from({ length: operations }, () => random.int(1, 9)),
    release: Float64Array.from({ length: operations }, () => (random.chance(0.5) ? 0 : random.int(0, 5000))),
    group: Int32Array.from({ length: operations }, () => random.int(0, groups - 1)),
    work,
    setup: Float64Array.from(matrices),
    setupOffset,
    setupWidth: new Int32Array(machines).fill(groups),
    // Allergen cleanings on some changeovers, limited per day; campaign ranks on some operations.
    cleaning: Uint8Array.from(matrices, () => (random.chance(0.3) ? 1 : 0)),
    maxCleaningsPerDay: Int32Array.from({ length: machines }, () => random.int(1, 3)),
    campaignRank: Int32Array.from({ length: operations }, () => (random.chance(0.4) ? -1 : random.int(0, 3))),
    maxCampaignsPerWeek: Int32Array.from({ length: machines }, () => random.int(1, 3)),
    firstDay: random.int(0, 6),
    calendarOffset,
    calendarStart: Float64Array.from(starts),
    calendarEnd: Float64Array.from(ends),
    calendarBefore: Float64Array.from(before),
    calendarAfter: workingMinutesToEnds(Float64Array.from(starts), Float64Array.from(ends), Float64Array.from(before)),
  };
}

/**
 * The timing from its definition: setup and work minutes consumed interval by interval, cleanings
 * counted per calendar day and campaigns per week in maps, as the spec words the rules.
 */
function timeByDefinition(layout: KernelLayout, machine: number, sequence: Int32Array, free: number) {
  const first = layout.calendarOffset[machine]!;
  const last = layout.calendarOffset[machine + 1]!;
  const width = layout.setupWidth[machine]!;
  const cleaningsByDay = new Map<number, number>();
  const campaignsByWeek = new Map<number, number>();
  const violations = () => [...campaignsByWeek.values()].reduce((sum, count) => sum + Math.max(0, count - layout.maxCampaignsPerWeek[machine]!), 0);
  let clock = free;
  let previous = width;
  let lastRank = -1;
  let weightedTardiness = 0;
  let totalSetup = 0;
  for (const op of sequence) {
    const cell = layout.setupOffset[machine]! + previous * width + layout.group[op]!;
    const changeover = layout.setup[cell]!;
    const cleans = layout.cleaning[cell] === 1;
    let remaining = Math.ceil(changeover + layout.work[machine * layout.operations + op]! - 1e-9);
    if (remaining === Infinity) return { weightedTardiness: Infinity, totalSetup, completion: Infinity, campaignViolations: violations() };
    let cursor = Math.max(clock, layout.release[op]!);
    let interval = first;
    for (;;) {
      if (first < last) {
        interval = first;
        while (interval < last && layout.calendarEnd[interval]! <= cursor) interval++;
        if (interval >= last) return { weightedTardiness: Infinity, totalSetup, completion: Infinity, campaignViolations: violations() };
        cursor = Math.max(cursor, layout.calendarStart[interval]!);
      }
      const day = Math.floor(cursor / 1440);
      if (!cleans || (cleaningsByDay.get(day) ?? 0) < layout.maxCleaningsPerDay[machine]!) break;
      cursor = (day + 1) * 1440;
    }
    const setupStart = cursor;
    if (first === last) cursor += remaining;
    else {
      for (;;) {
        if (interval >= last) return { weightedTardiness: Infinity, totalSetup, completion: Infinity, campaignViolations: violations() };
        cursor = Math.max(cursor, layout.calendarStart[interval]!);
        const available = layout.calendarEnd[interval]! - cursor;
        if (remaining <= available) break;
        remaining -= available;
        interval++;
      }
      cursor += remaining;
    }
    if (cleans) cleaningsByDay.set(Math.floor(setupStart / 1440), (cleaningsByDay.get(Math.floor(setupStart / 1440)) ?? 0) + 1);
    const rank = layout.campaignRank[op]!;
    if (rank >= 0) {
      if (lastRank < 0 || rank < lastRank) {
        const week = Math.floor((setupStart / 1440 - layout.firstDay) / 7);
        campaignsByWeek.set(week, (campaignsByWeek.get(week) ?? 0) + 1);
      }
      lastRank = rank;
    }
    if (cursor > layout.due[op]!) weightedTardiness += (cursor - layout.due[op]!) * layout.weight[op]!;
    totalSetup += changeover;
    clock = cursor;
    previous = layout.group[op]!;
  }
  return { weightedTardiness, totalSetup, completion: clock, campaignViolations: violations() };
}

describe('the WebAssembly sequence kernel', () => {
  it('agrees with the TypeScript reference to the bit, and both with the definition, on random instances', async () => {
    const bytes = await loadKernelBytes();
    const random = new SeededRandom(2024);
    let compared = 0;
    let violated = 0;
    let delayedByCleaning = 0;
    for (let instance = 0; instance < 40; instance++) {
      const layout = randomLayout(random);
      const wasm = await WasmKernel.create(bytes, layout);
      const reference = new ReferenceKernel(layout);
      const unlimitedCleanings = new ReferenceKernel({ ...layout, maxCleaningsPerDay: new Int32Array(layout.machines).fill(1e9) });
      for (let trial = 0; trial < 25; trial++) {
        const machine = random.int(0, layout.machines - 1);
        const sequence = Int32Array.from(random.shuffled(Array.from({ length: layout.operations }, (_, i) => i)).slice(0, random.int(1, layout.operations)));
        const free = random.int(0, 3000);
        const expected = reference.evaluate(machine, sequence, sequence.length, free);
        expect(expected).toEqual(timeByDefinition(layout, machine, sequence, free));
        if (expected.campaignViolations > 0) violated++;
        if (Number.isFinite(expected.completion) && expected.completion > unlimitedCleanings.evaluate(machine, sequence, sequence.length, free).completion) delayedByCleaning++;
        const actual = wasm.evaluate(machine, sequence, sequence.length, free);
        expect(actual).toEqual(expected);
        compared++;
      }
      // Changed releases reach both kernels.
      layout.release.fill(1000);
      wasm.updateReleases();
      const sequence = Int32Array.from({ length: layout.operations }, (_, i) => i);
      expect(wasm.evaluate(0, sequence, sequence.length, 0)).toEqual(reference.evaluate(0, sequence, sequence.length, 0));
    }
    expect(compared).toBe(1000);
    // The rules were at work: campaigns over their weekly limit, cleanings pushed to the next day.
    expect(violated).toBeGreaterThan(20);
    expect(delayedByCleaning).toBeGreaterThan(20);
  });

  it('prices every insertion as evaluating the sequence with it, in both kernels alike', async () => {
    const bytes = await loadKernelBytes();
    const random = new SeededRandom(77);
    let unfinished = 0;
    let priced = 0;
    for (let instance = 0; instance < 40; instance++) {
      const layout = randomLayout(random);
      const kernels: SequenceKernel[] = [new ReferenceKernel(layout), await WasmKernel.create(bytes, layout)];
      for (let trial = 0; trial < 15; trial++) {
        const machine = random.int(0, layout.machines - 1);
        const operations = random.shuffled(Array.from({ length: layout.operations }, (_, i) => i));
        const op = operations.pop()!;
        const sequence = Int32Array.from(operations.slice(0, random.int(0, operations.length)));
        const free = random.int(0, 3000);
        const answers = kernels.map((kernel) => Array.from(kernel.priceInsertions(machine, sequence, sequence.length, op, free).subarray(0, PRICED_FIELDS * (sequence.length + 1))));
        expect(answers[1]).toEqual(answers[0]);
        for (let at = 0; at <= sequence.length; at++) {
          const inserted = Int32Array.from([...sequence.slice(0, at), op, ...sequence.slice(at)]);
          const expected = kernels[0]!.evaluate(machine, inserted, inserted.length, free);
          expect(answers[0]!.slice(PRICED_FIELDS * at, PRICED_FIELDS * (at + 1))).toEqual([expected.weightedTardiness, expected.totalSetup, expected.completion, expected.campaignViolations]);
          if (!Number.isFinite(expected.completion)) unfinished++;
          priced++;
        }
      }
    }
    // Both ways of ending were exercised: sequences that fit their calendar and ones that do not.
    expect(unfinished).toBeGreaterThan(50);
    expect(priced - unfinished).toBeGreaterThan(500);
  });

  it('times a known sequence by hand', async () => {
    // One machine working 100-200 and 300-400; two operations of 60 and 70 minutes, setup 10 between groups.
    const layout: KernelLayout = {
      operations: 2, machines: 1,
      due: Float64Array.from([170, 300]), weight: Float64Array.from([1, 2]), release: Float64Array.from([0, 0]), group: Int32Array.from([0, 1]),
      work: Float64Array.from([60, 70]), setup: Float64Array.from([0, 10, 10, 0, 0, 0]), setupOffset: Int32Array.from([0]), setupWidth: Int32Array.from([2]),
      ...withoutSequenceRules(2, 1, 6),
      calendarOffset: Int32Array.from([0, 2]), calendarStart: Float64Array.from([100, 300]), calendarEnd: Float64Array.from([200, 400]), calendarBefore: Float64Array.from([0, 100]),
      calendarAfter: Float64Array.from([100, 200]),
    };
    const wasm = await WasmKernel.create(await loadKernelBytes(), layout);
    // First: 100-160. Second: setup 10 + 70 = 80 from 160: 40 minutes to 200, resumes at 300, ends 340.
    expect(wasm.evaluate(0, Int32Array.from([0, 1]), 2, 0)).toEqual({ weightedTardiness: 2 * 40, totalSetup: 10, completion: 340, campaignViolations: 0 });
    // The second inserted before the first: 100-170 (on time), then 10 + 60 = 70 from 170: 30 to 200,
    // 40 from 300, ends 340 (170 late, weight 1). Inserted after it: the sequence above.
    expect(Array.from(wasm.priceInsertions(0, Int32Array.from([0]), 1, 1, 0).subarray(0, 8))).toEqual([170, 10, 340, 0, 2 * 40, 10, 340, 0]);
  });
});
