import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/domain/random';
import type { KernelLayout } from '../../src/engine/aps/kernel/layout';
import { loadKernelBytes } from '../../src/cli/kernel';
import { ReferenceKernel } from '../../src/engine/aps/kernel/reference';
import { WasmKernel } from '../../src/engine/aps/kernel/wasmKernel';

/** A random instance: unrelated machines, sequence-dependent setups, shift calendars or none. */
function randomLayout(random: SeededRandom): KernelLayout {
  const operations = random.int(1, 60);
  const machines = random.int(1, 5);
  const groups = random.int(1, 8);
  const work = Float64Array.from({ length: machines * operations }, () => (random.chance(0.1) ? Infinity : random.int(1, 99) + random.next()));
  const setup = Float64Array.from({ length: machines * groups * groups }, () => random.int(0, 124));
  const initial = Float64Array.from({ length: machines * groups }, () => random.int(0, 60));
  const calendarOffset = new Int32Array(machines + 1);
  const starts: number[] = [];
  const ends: number[] = [];
  const before: number[] = [];
  for (let machine = 0; machine < machines; machine++) {
    if (random.chance(0.7)) {
      // Shifts of a few hours with gaps, over a few weeks.
      let t = random.int(0, 500);
      let worked = 0;
      for (let i = 0; i < 80; i++) {
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
    groups,
    due: Float64Array.from({ length: operations }, () => random.int(0, 20000)),
    weight: Float64Array.from({ length: operations }, () => random.int(1, 9)),
    release: Float64Array.from({ length: operations }, () => (random.chance(0.5) ? 0 : random.int(0, 5000))),
    group: Int32Array.from({ length: operations }, () => random.int(0, groups - 1)),
    work,
    setup,
    initial,
    calendarOffset,
    calendarStart: Float64Array.from(starts),
    calendarEnd: Float64Array.from(ends),
    calendarBefore: Float64Array.from(before),
  };
}

describe('the WebAssembly sequence kernel', () => {
  it('agrees with the TypeScript reference to the bit on random instances', async () => {
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
        const actual = wasm.evaluate(machine, sequence, sequence.length, free);
        expect(actual).toEqual(expected);
        if (Number.isFinite(expected.completion)) expect(Array.from(wasm.lastEnds(sequence.length))).toEqual(Array.from(reference.lastEnds(sequence.length)));
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

  it('times a known sequence by hand', async () => {
    // One machine working 100-200 and 300-400; two operations of 60 and 70 minutes, setup 10 between groups.
    const layout: KernelLayout = {
      operations: 2, machines: 1, groups: 2,
      due: Float64Array.from([170, 300]), weight: Float64Array.from([1, 2]), release: Float64Array.from([0, 0]), group: Int32Array.from([0, 1]),
      work: Float64Array.from([60, 70]), setup: Float64Array.from([0, 10, 10, 0]), initial: Float64Array.from([0, 0]),
      calendarOffset: Int32Array.from([0, 2]), calendarStart: Float64Array.from([100, 300]), calendarEnd: Float64Array.from([200, 400]), calendarBefore: Float64Array.from([0, 100]),
    };
    const wasm = await WasmKernel.create(await loadKernelBytes(), layout);
    // First: 100-160. Second: setup 10 + 70 = 80 from 160: 40 minutes to 200, resumes at 300, ends 340.
    expect(wasm.evaluate(0, Int32Array.from([0, 1]), 2, 0)).toEqual({ weightedTardiness: 2 * 40, totalSetup: 10, completion: 340 });
    expect(Array.from(wasm.lastEnds(2))).toEqual([160, 340]);
  });
});
