import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/domain/random';
import { workingMinutesToEnds, type KernelLayout, type SequenceKernel } from '../../src/engine/aps/kernel/layout';
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
    calendarOffset,
    calendarStart: Float64Array.from(starts),
    calendarEnd: Float64Array.from(ends),
    calendarBefore: Float64Array.from(before),
    calendarAfter: workingMinutesToEnds(Float64Array.from(starts), Float64Array.from(ends), Float64Array.from(before)),
  };
}

/** The timing from its definition: setup and work minutes consumed interval by interval. */
function timeByDefinition(layout: KernelLayout, machine: number, sequence: Int32Array, free: number) {
  const first = layout.calendarOffset[machine]!;
  const last = layout.calendarOffset[machine + 1]!;
  const width = layout.setupWidth[machine]!;
  let clock = free;
  let previous = width;
  let weightedTardiness = 0;
  let totalSetup = 0;
  for (const op of sequence) {
    const changeover = layout.setup[layout.setupOffset[machine]! + previous * width + layout.group[op]!]!;
    let remaining = Math.ceil(changeover + layout.work[machine * layout.operations + op]! - 1e-9);
    let cursor = Math.max(clock, layout.release[op]!);
    if (first === last) cursor += remaining;
    else {
      let interval = first;
      while (interval < last && layout.calendarEnd[interval]! <= cursor) interval++;
      for (;;) {
        if (interval >= last) return { weightedTardiness: Infinity, totalSetup, completion: Infinity };
        cursor = Math.max(cursor, layout.calendarStart[interval]!);
        const available = layout.calendarEnd[interval]! - cursor;
        if (remaining <= available) break;
        remaining -= available;
        interval++;
      }
      cursor += remaining;
    }
    if (cursor > layout.due[op]!) weightedTardiness += (cursor - layout.due[op]!) * layout.weight[op]!;
    totalSetup += changeover;
    clock = cursor;
    previous = layout.group[op]!;
  }
  return { weightedTardiness, totalSetup, completion: clock };
}

describe('the WebAssembly sequence kernel', () => {
  it('agrees with the TypeScript reference to the bit, and both with the definition, on random instances', async () => {
    const bytes = await loadKernelBytes();
    const random = new SeededRandom(2024);
    let compared = 0;
    for (let instance = 0; instance < 40; instance++) {
      const layout = randomLayout(random);
      const wasm = await WasmKernel.create(bytes, layout);
      const reference = new ReferenceKernel(layout);
      for (let trial = 0; trial < 25; trial++) {
        const machine = random.int(0, layout.machines - 1);
        const sequence = Int32Array.from(random.shuffled(Array.from({ length: layout.operations }, (_, i) => i)).slice(0, random.int(1, layout.operations)));
        const free = random.int(0, 3000);
        const expected = reference.evaluate(machine, sequence, sequence.length, free);
        expect(expected).toEqual(timeByDefinition(layout, machine, sequence, free));
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
        const answers = kernels.map((kernel) => Array.from(kernel.priceInsertions(machine, sequence, sequence.length, op, free).subarray(0, 3 * (sequence.length + 1))));
        expect(answers[1]).toEqual(answers[0]);
        for (let at = 0; at <= sequence.length; at++) {
          const inserted = Int32Array.from([...sequence.slice(0, at), op, ...sequence.slice(at)]);
          const expected = kernels[0]!.evaluate(machine, inserted, inserted.length, free);
          expect(answers[0]!.slice(3 * at, 3 * at + 3)).toEqual([expected.weightedTardiness, expected.totalSetup, expected.completion]);
          if (!Number.isFinite(expected.completion)) unfinished++;
          priced++;
        }
      }
    }
    // Both ways of ending were exercised: sequences that fit their calendar and ones that do not.
    expect(unfinished).toBeGreaterThan(50);
    expect(priced - unfinished).toBeGreaterThan(1000);
  });

  it('times a known sequence by hand', async () => {
    // One machine working 100-200 and 300-400; two operations of 60 and 70 minutes, setup 10 between groups.
    const layout: KernelLayout = {
      operations: 2, machines: 1,
      due: Float64Array.from([170, 300]), weight: Float64Array.from([1, 2]), release: Float64Array.from([0, 0]), group: Int32Array.from([0, 1]),
      work: Float64Array.from([60, 70]), setup: Float64Array.from([0, 10, 10, 0, 0, 0]), setupOffset: Int32Array.from([0]), setupWidth: Int32Array.from([2]),
      calendarOffset: Int32Array.from([0, 2]), calendarStart: Float64Array.from([100, 300]), calendarEnd: Float64Array.from([200, 400]), calendarBefore: Float64Array.from([0, 100]),
      calendarAfter: Float64Array.from([100, 200]),
    };
    const wasm = await WasmKernel.create(await loadKernelBytes(), layout);
    // First: 100-160. Second: setup 10 + 70 = 80 from 160: 40 minutes to 200, resumes at 300, ends 340.
    expect(wasm.evaluate(0, Int32Array.from([0, 1]), 2, 0)).toEqual({ weightedTardiness: 2 * 40, totalSetup: 10, completion: 340 });
    // The second inserted before the first: 100-170 (on time), then 10 + 60 = 70 from 170: 30 to 200,
    // 40 from 300, ends 340 (170 late, weight 1). Inserted after it: the sequence above.
    expect(Array.from(wasm.priceInsertions(0, Int32Array.from([0]), 1, 1, 0).subarray(0, 6))).toEqual([170, 10, 340, 2 * 40, 10, 340]);
  });
});
