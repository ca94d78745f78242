/**
 * The sequence kernel in plain TypeScript: the reference the WebAssembly kernel
 * (wasm/assembly/sequenceKernel.ts) must agree with to the bit, line for line the same arithmetic.
 */
import type { KernelLayout, KernelResult, SequenceKernel } from './layout';

export class ReferenceKernel implements SequenceKernel {
  readonly name = 'TypeScript';
  private ends = new Float64Array(0);

  constructor(private readonly layout: KernelLayout) {}

  updateReleases(): void {
    // Reads layout.release directly.
  }

  lastEnds(length: number): Float64Array {
    return this.ends.subarray(0, length);
  }

  private intervalAtOrBefore(first: number, last: number, instant: number): number {
    const starts = this.layout.calendarStart;
    let low = first;
    let high = last - 1;
    let found = first - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! <= instant) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  evaluate(machine: number, sequence: Int32Array, length: number, free: number): KernelResult {
    const layout = this.layout;
    if (this.ends.length < length) this.ends = new Float64Array(Math.max(length, this.ends.length * 2));
    const { groups, operations, calendarStart, calendarEnd, calendarBefore } = layout;
    const first = layout.calendarOffset[machine]!;
    const last = layout.calendarOffset[machine + 1]!;
    const unlimited = first === last;
    let t = free;
    let previous = -1;
    let tardiness = 0;
    let setupTotal = 0;
    for (let position = 0; position < length; position++) {
      const op = sequence[position]!;
      const group = layout.group[op]!;
      const setup = previous < 0 ? layout.initial[machine * groups + group]! : previous === group ? 0 : layout.setup[(machine * groups + previous) * groups + group]!;
      const work = Math.ceil(setup + layout.work[machine * operations + op]! - 1e-9);
      let ready = Math.max(t, layout.release[op]!);
      let end: number;
      if (unlimited) end = ready + work;
      else {
        let i = this.intervalAtOrBefore(first, last, ready);
        if (i < first || ready >= calendarEnd[i]!) {
          i++;
          if (i >= last) return { weightedTardiness: Infinity, totalSetup: setupTotal, completion: Infinity };
          ready = calendarStart[i]!;
        }
        const target = calendarBefore[i]! + (ready - calendarStart[i]!) + work;
        let low = i;
        let high = last - 1;
        if (calendarBefore[high]! + (calendarEnd[high]! - calendarStart[high]!) < target) return { weightedTardiness: Infinity, totalSetup: setupTotal, completion: Infinity };
        while (low < high) {
          const mid = (low + high) >> 1;
          if (calendarBefore[mid]! + (calendarEnd[mid]! - calendarStart[mid]!) >= target) high = mid;
          else low = mid + 1;
        }
        end = calendarStart[low]! + (target - calendarBefore[low]!);
      }
      this.ends[position] = end;
      const late = end - layout.due[op]!;
      if (late > 0) tardiness += late * layout.weight[op]!;
      setupTotal += setup;
      t = end;
      previous = group;
    }
    return { weightedTardiness: tardiness, totalSetup: setupTotal, completion: t };
  }
}
