/**
 * The sequence kernel in plain TypeScript: the reference the WebAssembly kernel
 * (wasm/assembly/sequenceKernel.ts) must agree with to the bit, line for line the same arithmetic.
 */
import type { KernelLayout, KernelResult, SequenceKernel } from './layout';

export class ReferenceKernel implements SequenceKernel {
  readonly name = 'TypeScript';
  private insertions = new Float64Array(0);
  // Where the last run ended: the clock state after it (the completion is Infinity where it did not finish).
  private finished = true;
  private resultTardiness = 0;
  private resultSetup = 0;
  private resultCompletion = 0;
  private resultPrevious = 0;
  private resultInterval = 0;

  constructor(private readonly layout: KernelLayout) {}

  updateReleases(): void {
    // Reads layout.release directly.
  }

  /** Index of the first interval in [first, last) ending after `instant`, or last. */
  private intervalEndingAfter(first: number, last: number, instant: number): number {
    const ends = this.layout.calendarEnd;
    let low = first;
    let high = last;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ends[mid]! <= instant) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The calendar interval to start a machine's clock from. */
  private startInterval(machine: number, free: number): number {
    return this.intervalEndingAfter(this.layout.calendarOffset[machine]!, this.layout.calendarOffset[machine + 1]!, free);
  }

  /**
   * Times `op` (none when -1) and then sequence[from, to) on `machine`, starting from a clock
   * state: the time, the previous group (the setup matrix's first-operation row at the start), the
   * totals so far and the first calendar interval ending after the time. The state after it lands in the
   * result fields.
   */
  private run(machine: number, sequence: Int32Array, from: number, to: number, op: number, clock: number, previous: number, tardiness: number, setupTotal: number, interval: number): void {
    const { operations, group, work, setup, release, due, weight, calendarStart, calendarEnd, calendarBefore, calendarAfter } = this.layout;
    const first = this.layout.calendarOffset[machine]!;
    const last = this.layout.calendarOffset[machine + 1]!;
    const unlimited = first === last;
    const width = this.layout.setupWidth[machine]!;
    const matrix = this.layout.setupOffset[machine]!;
    const row = machine * operations;
    let position = from;
    let inserting = op >= 0;
    let current = inserting ? op : position < to ? sequence[position]! : -1;
    while (current >= 0) {
      const currentGroup = group[current]!;
      const changeover = setup[matrix + previous * width + currentGroup]!;
      const minutes = Math.ceil(changeover + work[row + current]! - 1e-9);
      let ready = Math.max(clock, release[current]!);
      let end: number;
      if (unlimited) end = ready + minutes;
      else {
        // The clock only moves forward, so the interval is found from the last one.
        while (interval < last && calendarEnd[interval]! <= ready) interval++;
        if (interval >= last) return this.unfinished(setupTotal);
        ready = Math.max(calendarStart[interval]!, ready);
        const target = calendarBefore[interval]! + (ready - calendarStart[interval]!) + minutes;
        if (calendarAfter[last - 1]! < target) return this.unfinished(setupTotal);
        while (calendarAfter[interval]! < target) interval++;
        end = calendarStart[interval]! + (target - calendarBefore[interval]!);
      }
      const late = end - due[current]!;
      if (late > 0) tardiness += late * weight[current]!;
      setupTotal += changeover;
      clock = end;
      previous = currentGroup;
      if (inserting) inserting = false;
      else position++;
      current = position < to ? sequence[position]! : -1;
    }
    this.finished = true;
    this.resultTardiness = tardiness;
    this.resultSetup = setupTotal;
    this.resultCompletion = clock;
    this.resultPrevious = previous;
    this.resultInterval = interval;
  }

  /** The calendar runs out: no completion, the setups before it. */
  private unfinished(setupTotal: number): void {
    this.finished = false;
    this.resultTardiness = Infinity;
    this.resultSetup = setupTotal;
    this.resultCompletion = Infinity;
  }

  evaluate(machine: number, sequence: Int32Array, length: number, free: number): KernelResult {
    this.run(machine, sequence, 0, length, -1, free, this.layout.setupWidth[machine]!, 0, 0, this.startInterval(machine, free));
    return { weightedTardiness: this.resultTardiness, totalSetup: this.resultSetup, completion: this.resultCompletion };
  }

  priceInsertions(machine: number, sequence: Int32Array, length: number, op: number, free: number): Float64Array {
    if (this.insertions.length < 3 * (length + 1)) this.insertions = new Float64Array(3 * Math.max(length + 1, 2 * this.insertions.length));
    const out = this.insertions;
    let clock = free;
    let previous = this.layout.setupWidth[machine]!;
    let tardiness = 0;
    let setupTotal = 0;
    let interval = this.startInterval(machine, free);
    for (let position = 0; position <= length; position++) {
      this.run(machine, sequence, position, length, op, clock, previous, tardiness, setupTotal, interval);
      out[3 * position] = this.resultTardiness;
      out[3 * position + 1] = this.resultSetup;
      out[3 * position + 2] = this.resultCompletion;
      if (position === length) break;
      // One operation further along the sequence as it stands.
      this.run(machine, sequence, position, position + 1, -1, clock, previous, tardiness, setupTotal, interval);
      if (!this.finished) {
        // The sequence itself runs out of calendar here, and so does every insertion after this point.
        for (let later = position + 1; later <= length; later++) {
          out[3 * later] = Infinity;
          out[3 * later + 1] = this.resultSetup;
          out[3 * later + 2] = Infinity;
        }
        break;
      }
      clock = this.resultCompletion;
      previous = this.resultPrevious;
      tardiness = this.resultTardiness;
      setupTotal = this.resultSetup;
      interval = this.resultInterval;
    }
    return out;
  }
}
